/*
 * app.js - the review page of `juesuan serve` (docs/web.md). Plain JavaScript,
 * no framework. Everything that comes from an upload (names, cells, messages)
 * is put into the page as text nodes (el() below), never as HTML.
 */
'use strict';

const S = {
  session: null,   // GET /api/session
  doc: null,       // GET /api/documents/ID
  group: 'place',  // findings grouped by place or by root cause
  sel: 0,          // selected finding id
  cells: new Map(), rows: new Map(), tables: new Map(), secs: new Map(),
  perfLines: new Map(), perfs: [],
  charts: [],
};
const SEV = { error: '错误', warning: '警告', notice: '提示' };
const SEV_RANK = { accepted: 0, notice: 1, warning: 2, error: 3 };
const CLASS_NAMES = {
  201: '一般公共服务支出', 202: '外交支出', 203: '国防支出', 204: '公共安全支出', 205: '教育支出',
  206: '科学技术支出', 207: '文化旅游体育与传媒支出', 208: '社会保障和就业支出', 210: '卫生健康支出',
  211: '节能环保支出', 212: '城乡社区支出', 213: '农林水支出', 214: '交通运输支出',
  215: '资源勘探工业信息等支出', 216: '商业服务业等支出', 217: '金融支出', 219: '援助其他地区支出',
  220: '自然资源海洋气象等支出', 221: '住房保障支出', 222: '粮油物资储备支出',
  223: '国有资本经营预算支出', 224: '灾害防治及应急管理支出', 229: '其他支出', 231: '债务还本支出',
  232: '债务付息支出', 234: '抗疫特别国债安排的支出',
};

/* ---- small helpers ------------------------------------------------------------ */

/* el('td', {class: 'n'}, 'text', child…): strings become text nodes, never HTML. */
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const k of kids.flat()) {
    if (k === null || k === undefined || k === false) continue;
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return e;
}
const $ = (sel) => document.querySelector(sel);
const $$ = (sel) => Array.from(document.querySelectorAll(sel));

function toast(text, bad) {
  const t = $('#toast');
  t.textContent = text;
  t.classList.toggle('bad', !!bad);
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 3500);
}

async function api(method, url, body) {
  const opt = { method, headers: {}, credentials: 'same-origin' };
  if (method !== 'GET' && S.session && S.session.csrf) opt.headers['X-CSRF-Token'] = S.session.csrf;
  if (body !== undefined) {
    opt.headers['Content-Type'] = 'application/json';
    opt.body = JSON.stringify(body);
  }
  const r = await fetch(url, opt);
  let data = null;
  try { data = await r.json(); } catch (e) { data = null; }
  if (r.status === 401 && S.session && S.session.auth) showLogin();
  return { status: r.status, ok: r.ok, data };
}

function badge(n, sev) {
  return el('span', { class: 'badge ' + (n ? sev : 'zero'), title: SEV[sev] }, n);
}

function fmtMB(n) { return (n / 1048576).toFixed(n < 10485760 ? 1 : 0) + ' MB'; }

/* ---- session, login, routing ------------------------------------------------------ */

async function loadSession() {
  const r = await api('GET', '/api/session');
  S.session = r.data || { auth: false };
  const who = $('#who');
  who.textContent = '';
  if (S.session.user) {
    who.append('审核人：', S.session.user,
      el('button', { onclick: logout }, '退出'));
  } else if (!S.session.auth) {
    who.append('本机使用（未启用登录）');
  }
  $('#limit-hint').textContent = '单个文件不超过 ' + fmtMB(S.session.max_upload || 52428800) +
    '；文件类型按内容判断。';
}

function showLogin() {
  for (const v of $$('.view')) v.hidden = true;
  $('#view-login').hidden = false;
  $('nav').hidden = true;
}

async function logout() {
  await api('POST', '/api/logout', {});
  location.hash = '#/';
  await loadSession();
  route();
}

$('#login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  const r = await api('POST', '/api/login', { user: f.user.value, password: f.password.value });
  if (!r.ok) {
    $('#login-msg').textContent = (r.data && r.data.error) || '登录失败';
    return;
  }
  f.password.value = '';
  $('#login-msg').textContent = '';
  await loadSession();
  route();
});

function route() {
  if (S.session.auth && !S.session.user) return showLogin();
  $('nav').hidden = false;
  const h = location.hash || '#/';
  let view = 'upload';
  let m;
  if ((m = h.match(/^#\/doc\/(\d+)$/))) view = 'doc';
  else if (h === '#/library') view = 'library';
  else if (h === '#/charts') view = 'charts';
  for (const v of $$('.view')) v.hidden = v.id !== 'view-' + view;
  for (const a of $$('nav a')) a.classList.toggle('on', a.dataset.nav === view ||
    (view === 'doc' && a.dataset.nav === 'library'));
  if (view === 'doc') openDoc(Number(m[1]));
  else if (view === 'library') loadLibrary();
  else if (view === 'charts') loadCharts();
}
window.addEventListener('hashchange', route);

/* ---- step 1: upload ------------------------------------------------------------------ */

function uploadFiles(files) {
  const tb = $('#uploads tbody');
  $('#uploads').hidden = false;
  const limit = S.session.max_upload || 52428800;
  const queue = [];
  for (const file of files) {
    const prog = el('progress', { max: 100, value: 0 });
    const cells = {
      status: el('td', {}, prog), dept: el('td'), year: el('td'),
      e: el('td', { class: 'n' }), w: el('td', { class: 'n' }), n: el('td', { class: 'n' }), open: el('td'),
    };
    const tr = el('tr', { class: 'upload' }, el('td', { class: 'fname' }, file.name), cells.status,
      cells.dept, cells.year, cells.e, cells.w, cells.n, cells.open);
    tb.prepend(tr);
    if (file.size > limit) {
      fail(cells, '文件过大：' + fmtMB(file.size) + '，上限 ' + fmtMB(limit));
      continue;
    }
    if (file.size === 0) {
      fail(cells, '文件是空的');
      continue;
    }
    queue.push(() => sendOne(file, prog, cells));
  }
  /* at most three at a time */
  const next = () => { const job = queue.shift(); if (job) return job().then(next); };
  for (let i = 0; i < 3; i++) next();
}

function fail(cells, text) {
  cells.status.textContent = '';
  cells.status.className = 'fail';
  cells.status.append(text);
  cells.status.parentNode.classList.add('failed');
}

function sendOne(file, prog, cells) {
  return new Promise((resolve) => {
    const fd = new FormData();
    fd.append('file', file, file.name);
    const x = new XMLHttpRequest();
    x.open('POST', '/api/documents');
    if (S.session.csrf) x.setRequestHeader('X-CSRF-Token', S.session.csrf);
    x.upload.onprogress = (e) => { if (e.lengthComputable) prog.value = 90 * e.loaded / e.total; };
    x.onerror = () => { fail(cells, '上传失败（连接中断）'); resolve(); };
    x.onload = () => {
      let d = null;
      try { d = JSON.parse(x.responseText); } catch (e) { d = null; }
      const one = d && d.documents && d.documents[0];
      if (!one || one.error || x.status >= 400) {
        fail(cells, (one && one.error) || (d && d.error) || ('服务器返回 ' + x.status));
        return resolve();
      }
      prog.value = 100;
      cells.status.textContent = one.dup ? '已在文件库中' : '完成';
      cells.status.className = 'done';
      cells.dept.textContent = one.department || '';
      cells.year.textContent = one.year || '';
      cells.e.append(badge(one.summary.error, 'error'));
      cells.w.append(badge(one.summary.warning, 'warning'));
      cells.n.append(badge(one.summary.notice, 'notice'));
      cells.open.append(el('a', { href: '#/doc/' + one.id, class: 'open' }, '打开审阅'));
      resolve();
    };
    x.send(fd);
  });
}

(function wireDrop() {
  const drop = $('#drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    uploadFiles(e.dataTransfer.files);
  });
  $('#file-input').addEventListener('change', (e) => {
    uploadFiles(e.target.files);
    e.target.value = '';
  });
})();

/* ---- steps 2-4: one document ------------------------------------------------------------ */

function fState(f) { return f.accepted ? 'accepted' : f.severity; }

function rowName(f) {
  const t = (S.doc.model.tables || {})[f.table];
  const r = t && (t.rows || []).find((x) => x.key === f.row);
  if (!r) return f.row;
  return [r.code, r.name].filter(Boolean).join(' ') || f.row;
}

function whereText(f) {
  const parts = [];
  if (f.table) parts.push(/^P/.test(f.table) ? '绩效自评表' : '公开' + f.table + '表');
  if (f.row) parts.push(rowName(f));
  if (f.column) parts.push(f.column);
  if (f.section) parts.push('说明' + f.section);
  if (f.page) parts.push('第' + f.page + '页');
  else if (f.line) parts.push('原文第' + f.line + '行');
  if (f.sheet) parts.push(f.sheet + '!' + (f.cell || ''));
  return parts.join(' · ');
}

async function openDoc(id, keepSel) {
  const r = await api('GET', '/api/documents/' + id);
  if (!r.ok) {
    $('#doc-title').textContent = '无法打开';
    $('#doc-sub').textContent = (r.data && r.data.error) || ('服务器返回 ' + r.status);
    $('#findings').textContent = '';
    $('#tab-tables').textContent = '';
    return;
  }
  S.doc = r.data;
  const d = S.doc, rep = d.report;
  $('#doc-title').textContent = rep.department || d.name;
  $('#doc-sub').textContent = [rep.year ? rep.year + '年度' : '', d.name,
    d.stored_only ? '原文件未保存（命令行载入），只有保存的问题' : d.pdf ? 'PDF ' + d.pages + ' 页' : '文本', '载入于 ' + (d.loaded_at || '').replace('T', ' ').replace('Z', ' UTC')]
    .filter(Boolean).join(' · ');
  renderCounts();
  const dl = $('#doc-downloads');
  dl.textContent = '';
  const base = '/api/documents/' + d.id + '/';
  dl.append('下载：',
    el('a', { href: base + 'findings.xlsx', download: '' }, '问题 XLSX'),
    el('a', { href: base + 'findings.csv', download: '' }, 'CSV'),
    el('a', { href: base + 'findings.json', download: '' }, 'JSON'),
    el('a', { href: base + 'annotated.pdf', download: '', class: d.pdf ? 'annot' : 'annot off',
      title: d.pdf ? '原文 PDF，每个问题处加框编号，末页为问题清单' : '原文不是 PDF' }, '标注 PDF'));
  renderTables();
  renderNarrative();
  markFindings();
  renderFindings();
  if (!keepSel) {
    S.sel = 0;
    $('#pageview').hidden = true;
  } else if (S.sel) {
    const f = rep.findings.find((x) => x.id === S.sel);
    if (f) select(f, false);
  }
}

function renderCounts() {
  const s = S.doc.report.summary;
  const c = $('#doc-counts');
  c.textContent = '';
  const acc = S.doc.report.findings.filter((f) => f.accepted).length;
  c.append(badge(s.error, 'error'), '错误', badge(s.warning, 'warning'), '警告',
    badge(s.notice, 'notice'), '提示');
  if (acc) c.append(el('span', { class: 'hint' }, '（已接受 ' + acc + ' 个，不计）'));
  c.dataset.error = s.error;
}

function cellText(row, c) {
  const cell = (row.cells || {})[c];
  return cell ? (cell.text || cell.value || '') : '';
}

function isTotal(row) { return /合计|总计/.test(row.key) || /合计|总计/.test(row.name || ''); }

/* One side of a row: name (and code) cell, then its value cells, registered for findings. */
function rowCells(id, row, cols, withCode) {
  const out = [];
  const tot = row && isTotal(row) ? ' tot' : '';
  if (withCode) out.push(el('td', { class: 'code' }, row ? row.code || '' : ''));
  const name = el('td', { class: 'name' + tot }, row ? row.name || row.key : '');
  out.push(name);
  if (row) S.rows.set(id + '|' + row.key, name);
  for (const c of cols) {
    const td = el('td', { class: 'num' + tot }, row ? cellText(row, c) : '');
    if (row) S.cells.set(id + '|' + row.key + '|' + c, td);
    out.push(td);
  }
  return out;
}

/* 01 and 04 print income on the left and spending on the right. */
function twoSided(id, t) {
  const inc = [], sp = [];
  for (const r of t.rows || []) (/^支出:/.test(r.key) ? sp : inc).push(r);
  const used = (rows) => (t.columns || []).filter((c) => rows.some((r) => (r.cells || {})[c]));
  let ic = used(inc), sc = used(sp);
  if (!ic.length) ic = (t.columns || []).slice(0, 1);
  if (!sc.length) sc = (t.columns || []).filter((c) => !ic.includes(c));
  if (!sc.length) sc = ic;
  const head = el('tr', {}, el('th', {}, '收入项目'), ic.map((c) => el('th', {}, c)),
    el('th', {}, '支出项目'), sc.map((c) => el('th', {}, c)));
  const body = el('tbody');
  const n = Math.max(inc.length, sp.length);
  for (let i = 0; i < n; i++) {
    const a = inc[i], b = sp[i];
    body.append(el('tr', {}, rowCells(id, a, ic, false), rowCells(id, b, sc, false)));
  }
  return [head, body];
}

function oneSided(id, t) {
  const cols = t.columns || [];
  const head = el('tr', {}, el('th', {}, '编码'), el('th', {}, '项目'), cols.map((c) => el('th', {}, c)));
  const body = el('tbody');
  for (const row of t.rows || [])
    body.append(el('tr', {}, rowCells(id, row, cols, true)));
  return [head, body];
}

function renderTables() {
  const box = $('#tab-tables');
  box.textContent = '';
  S.cells.clear(); S.rows.clear(); S.tables.clear();
  const tables = S.doc.model.tables || {};
  const ids = Object.keys(tables).sort();
  if (!ids.length) box.append(el('p', { class: 'hint' }, '没有读到决算表。'));
  for (const id of ids) {
    const t = tables[id];
    const two = (t.rows || []).some((r) => /^支出:/.test(r.key)) && (t.rows || []).some((r) => /^收入:/.test(r.key));
    const [head, body] = two ? twoSided(id, t) : oneSided(id, t);
    if (!(t.rows || []).length)
      body.append(el('tr', {}, el('td', { class: 'empty', colspan: (t.columns || []).length + 2 }, t.empty_note || '（空表）')));
    const sec = el('section', { class: 'tbl', id: 'tbl-' + id },
      el('h3', {}, '公开' + id + '表 ' + (t.title || '')),
      el('div', { class: 'unit' }, [t.dept ? '部门：' + t.dept : '', '单位：' + (t.unit || '万元')].filter(Boolean).join('　')),
      el('table', {}, el('thead', {}, head), body));
    box.append(sec);
    S.tables.set(id, sec);
  }
  renderPerf(box);
}

/* The 绩效自评表: funds and indicators, each row registered by its source line. */
function renderPerf(box) {
  S.perfLines.clear();
  S.perfs = [];
  const pv = (v) => (v ? v.text || v.value || '' : '');
  const line = (o) => (o && o.loc && o.loc.line) || 0;
  for (const p of S.doc.model.performance || []) {
    const title = (p.kind === 1 ? '部门整体支出绩效自评表' : '项目支出绩效自评表') + (p.name ? '：' + p.name : '');
    const funds = el('tbody');
    for (const f of p.funds || []) {
      const tr = el('tr', {}, el('td', { class: 'name' }, f.name || ''),
        ['budget_start', 'budget_full', 'actual', 'weight', 'rate', 'score'].map((k) => el('td', { class: 'num' }, pv(f[k]))));
      funds.append(tr);
      if (line(f)) S.perfLines.set(line(f), tr);
    }
    const inds = el('tbody');
    for (const i of p.indicators || []) {
      const tr = el('tr', {}, el('td', {}, i.l1 || ''), el('td', {}, i.l2 || ''), el('td', { class: 'name' }, i.l3 || ''),
        el('td', {}, i.target || ''), el('td', {}, i.result || ''), el('td', { class: 'num' }, pv(i.weight)), el('td', { class: 'num' }, pv(i.score)));
      inds.append(tr);
      if (line(i)) S.perfLines.set(line(i), tr);
    }
    const total = el('tr', { class: 'ptotal' }, el('td', { colspan: 5, class: 'name tot' }, '总分' + (p.grade ? '　等级：' + p.grade : '')),
      el('td', { class: 'num tot' }, pv(p.total_weight)), el('td', { class: 'num tot' }, pv(p.total_score)));
    inds.append(total);
    for (const l of [line(p.total_weight), line(p.total_score), p.grade_loc && p.grade_loc.line])
      if (l && !S.perfLines.has(l)) S.perfLines.set(l, total);
    const sec = el('section', { class: 'tbl perf' }, el('h3', {}, title),
      (p.funds || []).length ? el('table', {}, el('thead', {}, el('tr', {}, ['资金', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'].map((h) => el('th', {}, h)))), funds) : null,
      el('table', {}, el('thead', {}, el('tr', {}, ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分'].map((h) => el('th', {}, h)))), inds));
    box.append(sec);
    S.perfs.push({ id: p.id, sec, first: line(p) });
  }
}

function renderNarrative() {
  const box = $('#tab-narrative');
  box.textContent = '';
  S.secs.clear();
  const m = S.doc.model;
  const secs = m.sections || [], paras = m.paragraphs || [];
  const byS = new Map();
  for (const p of paras) {
    if (!byS.has(p.section)) byS.set(p.section, []);
    byS.get(p.section).push(p);
  }
  const wrap = el('div', { class: 'narr' });
  const addParas = (list, into) => {
    for (const p of list || []) into.append(el('p', { dataset: { text: p.text } }, p.text));
  };
  addParas(byS.get(-1), wrap);
  secs.forEach((s, i) => {
    const h = s.level <= 1 ? 'h2' : s.level === 2 ? 'h3' : 'h4';
    const sec = el('div', { class: 'sec', id: 'sec-' + i },
      el(h, { class: 'sh' }, (s.num && !/^概况|^第/.test(s.num) ? s.num + ' ' : '') + (s.title || '')));
    addParas(byS.get(i), sec);
    wrap.append(sec);
    if (s.num && !S.secs.has(s.num)) S.secs.set(s.num, sec);
  });
  if (!secs.length && !paras.length) wrap.append(el('p', { class: 'hint' }, '没有读到情况说明。'));
  box.append(wrap);
}

/* Colour each cell, row or sentence a finding points at; number it. */
function markFindings() {
  for (const f of S.doc.report.findings) {
    const st = fState(f);
    const target = findTarget(f);
    if (target && target.kind === 'cell') {
      const td = target.node;
      const cur = td.dataset.sev;
      if (!cur || SEV_RANK[st] > SEV_RANK[cur]) {
        td.classList.remove('sev-' + cur);
        td.classList.add('sev-' + st);
        td.dataset.sev = st;
      }
      td.append(el('span', { class: 'fnum ' + st }, f.id));
    } else if (target && target.kind === 'row') {
      target.node.classList.add('sev-' + st);
    } else if (target && target.kind === 'sec' && f.stated) {
      markText(target.node, f.stated, st, f.id);
    }
    if (target && target.kind === 'sec' && !f.accepted && f.severity === 'error')
      target.node.classList.add('hit-error');
  }
}

function markText(sec, text, st, id) {
  for (const p of sec.querySelectorAll('p')) {
    for (const node of Array.from(p.childNodes)) {
      if (node.nodeType !== Node.TEXT_NODE) continue;
      const i = node.data.indexOf(text);
      if (i < 0) continue;
      const after = node.splitText(i);
      after.splitText(text.length);
      const mk = el('mark', { class: 'sev-' + st, dataset: { fid: id } }, after.data);
      after.replaceWith(mk);
      return mk;
    }
  }
  return null;
}

function findTarget(f) {
  if (f.table && /^P/.test(f.table)) {
    const r = f.line && S.perfLines.get(f.line);
    if (r) return { kind: 'row', node: r.querySelector('td.name') || r, tab: 'tables' };
    const p = S.perfs.filter((x) => x.id === f.table && (!f.line || x.first <= f.line)).pop();
    if (p) return { kind: 'table', node: p.sec.querySelector('h3'), tab: 'tables' };
    return null;
  }
  if (f.table) {
    const c = S.cells.get(f.table + '|' + f.row + '|' + f.column);
    if (c) return { kind: 'cell', node: c, tab: 'tables' };
    const r = S.rows.get(f.table + '|' + f.row);
    if (r) return { kind: 'row', node: r, tab: 'tables' };
    const t = S.tables.get(f.table);
    if (t) return { kind: 'table', node: t, tab: 'tables' };
  }
  if (f.section) {
    const s = S.secs.get(f.section);
    if (s) return { kind: 'sec', node: s, tab: 'narrative' };
  }
  return null;
}

function groupName(f) {
  if (f.table && /^P/.test(f.table)) return '绩效自评表';
  if (f.table) {
    const t = (S.doc.model.tables || {})[f.table];
    return '公开' + f.table + '表' + (t && t.title ? ' ' + t.title : '');
  }
  if (f.section) return /^[第名封目附]/.test(f.section) ? f.section : '情况说明 ' + f.section;
  return '整个文件';
}

function renderFindings() {
  const box = $('#findings');
  box.textContent = '';
  const show = $('#show-accepted').checked;
  const list = S.doc.report.findings.filter((f) => show || !f.accepted);
  if (!S.doc.report.findings.length) {
    box.append(el('p', { class: 'hint' }, '没有发现问题。'));
    return;
  }
  if (S.group === 'cause') {
    const byId = new Map(list.map((f) => [f.id, f]));
    const roots = list.filter((f) => !f.cause || !byId.has(f.cause));
    for (const r of roots) {
      const kids = list.filter((f) => f.cause === r.id);
      const g = el('div', { class: 'fgroup' });
      if (kids.length) g.append(el('h4', {}, '根源 #' + r.id + '，及其引起的 ' + kids.length + ' 个问题'));
      g.append(findingNode(r, false));
      for (const k of kids) g.append(findingNode(k, true));
      box.append(g);
    }
    return;
  }
  const groups = new Map();
  for (const f of list) {
    const k = groupName(f);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(f);
  }
  for (const [name, fs] of groups)
    box.append(el('div', { class: 'fgroup' }, el('h4', {}, name + '（' + fs.length + '）'), fs.map((f) => findingNode(f, false))));
}

function findingNode(f, child) {
  const st = fState(f);
  const act = el('span', { class: 'act' });
  const node = el('div', {
    class: 'finding ' + st + (child ? ' child' : '') + (S.sel === f.id ? ' sel' : ''),
    id: 'f-' + f.id, dataset: { id: f.id }, tabindex: 0,
    onclick: (e) => { if (!e.target.closest('.act, .accform')) select(f, true); },
    onkeydown: (e) => { if (e.key === 'Enter' && e.target === node) select(f, true); },
  },
  el('div', { class: 'fl' }, el('span', { class: 'sev' }, f.accepted ? '已接受' : SEV[f.severity]),
    el('span', {}, '#' + f.id), el('span', {}, f.rule), el('span', { class: 'where' }, whereText(f)), act),
  el('div', { class: 'msgtext' }, f.message),
  (f.stated !== undefined || f.expected !== undefined) ? el('div', { class: 'sx' },
    f.stated !== undefined ? '所述 ' + f.stated : '', f.stated !== undefined && f.expected !== undefined ? '，' : '',
    f.expected !== undefined ? '应为 ' + f.expected : '') : null,
  f.cause ? el('div', { class: 'sx' }, '由 #' + f.cause + ' 引起') : null,
  f.accepted ? el('div', { class: 'accnote' }, '接受人 ', f.accepted.by, '：', f.accepted.comment) : null);
  if (f.accepted) {
    act.append(el('button', { class: 'unaccept', onclick: () => accept(f, false) }, '撤销接受'));
  } else {
    act.append(el('button', { class: 'accept', onclick: () => openAcceptForm(node, f) }, '接受'));
  }
  return node;
}

function openAcceptForm(node, f) {
  if (node.querySelector('.accform')) return;
  const input = el('input', { name: 'comment', maxlength: 500, placeholder: '接受理由（必填），如：已与单位核实，数据无误' });
  const form = el('form', { class: 'accform', onsubmit: (e) => { e.preventDefault(); accept(f, true, input.value); } },
    input, el('button', { type: 'submit', class: 'primary' }, '确定'),
    el('button', { type: 'button', onclick: () => form.remove() }, '取消'));
  node.append(form);
  input.focus();
}

async function accept(f, yes, comment) {
  if (yes && !(comment || '').trim()) { toast('请填写接受理由', true); return; }
  const r = await api('POST', '/api/documents/' + S.doc.id + (yes ? '/accept' : '/unaccept'),
    yes ? { id: f.id, comment: comment.trim() } : { id: f.id });
  if (!r.ok) { toast((r.data && r.data.error) || '操作失败', true); return; }
  toast(yes ? '已接受 #' + f.id + '，不再计入问题数' : '已撤销接受 #' + f.id);
  const scroll = $('#findings').scrollTop;
  await openDoc(S.doc.id, true);
  $('#findings').scrollTop = scroll;
}

function showTab(name) {
  for (const b of $$('.tabs button')) b.classList.toggle('on', b.dataset.tab === name);
  $('#tab-tables').hidden = name !== 'tables';
  $('#tab-narrative').hidden = name !== 'narrative';
}
for (const b of $$('.tabs button')) b.addEventListener('click', () => showTab(b.dataset.tab));
for (const b of $$('.group button')) b.addEventListener('click', () => {
  S.group = b.dataset.group;
  for (const x of $$('.group button')) x.classList.toggle('on', x === b);
  renderFindings();
});
$('#show-accepted').addEventListener('change', renderFindings);
$('#pv-close').addEventListener('click', () => { $('#pageview').hidden = true; });

/* Click on a finding: its cell or sentence highlighted, its page shown with the box. */
function select(f, scroll) {
  S.sel = f.id;
  for (const n of $$('.finding.sel')) n.classList.remove('sel');
  const fn = $('#f-' + f.id);
  if (fn) fn.classList.add('sel');
  for (const n of $$('.focus')) n.classList.remove('focus');
  const t = findTarget(f);
  if (t) {
    showTab(t.tab);
    let node = t.node;
    if (t.kind === 'sec') node = node.querySelector('mark[data-fid="' + f.id + '"]') || node;
    node.classList.add('focus');
    if (scroll) node.scrollIntoView({ block: 'center', behavior: 'instant' });
  }
  showPage(f);
}

function showPage(f) {
  const pv = $('#pageview');
  const idx = S.doc.report.findings.indexOf(f);
  const box = S.doc.boxes[idx];
  if (!S.doc.pdf || !f.page) { pv.hidden = true; return; }
  pv.hidden = false;
  $('#pv-title').textContent = '原文第 ' + f.page + ' 页' + (box ? '（框内为 #' + f.id + '）' : '');
  const img = $('#pv-img');
  const scale = 1.5;
  img.onload = () => {
    if (!box) return;
    const k = img.clientWidth / img.naturalWidth * scale;
    const body = $('#pv-body');
    body.scrollTop = Math.max(0, box[2] * k - body.clientHeight / 3);
  };
  img.src = '/api/documents/' + S.doc.id + '/pages/' + f.page + '.png?focus=' + f.id + '&scale=' + scale +
    '&v=' + (f.accepted ? 'a' : 'n');
}

/* ---- step 5: the library ------------------------------------------------------------------ */

async function loadLibrary() {
  const form = $('#filters');
  const q = new URLSearchParams();
  for (const k of ['year', 'region', 'dept']) if (form[k].value) q.set(k, form[k].value);
  if (form.errors.checked) q.set('errors', '1');
  const seq = (loadLibrary.seq = (loadLibrary.seq || 0) + 1);
  const r = await api('GET', '/api/documents?' + q.toString());
  if (seq !== loadLibrary.seq) return; /* a later filter is on its way */
  const tb = $('#library tbody');
  tb.textContent = '';
  if (!r.ok) { $('#lib-count').textContent = (r.data && r.data.error) || '无法读取文件库'; return; }
  fillSelect(form.year, r.data.years.map((y) => y[0]), '全部');
  fillSelect(form.region, r.data.regions.map((y) => y[0]), '全部');
  for (const d of r.data.documents) {
    tb.append(el('tr', {},
      el('td', { class: 'n' }, d.id),
      el('td', {}, el('a', { href: '#/doc/' + d.id, title: d.source ? null : '原文件未保存（命令行载入）：只有保存的问题' }, d.dept || d.name)),
      el('td', {}, d.year || ''), el('td', {}, d.region || ''),
      el('td', { class: 'n' }, badge(d.nerrors || 0, 'error')),
      el('td', { class: 'n' }, badge(d.nwarnings || 0, 'warning')),
      el('td', { class: 'n' }, badge(d.nnotices || 0, 'notice')),
      el('td', { class: 'hint' }, d.name), el('td', { class: 'hint' }, (d.loaded_at || '').replace('T', ' ').replace('Z', ''))));
  }
  $('#lib-count').textContent = '共 ' + r.data.documents.length + ' 份';
}

function fillSelect(sel, values, all) {
  const cur = sel.value;
  sel.textContent = '';
  if (all !== null) sel.append(el('option', { value: '' }, all));
  for (const v of values) sel.append(el('option', { value: v }, v));
  sel.value = values.map(String).includes(cur) ? cur : (all !== null ? '' : String(values[values.length - 1] || ''));
}

$('#filters').addEventListener('submit', (e) => { e.preventDefault(); loadLibrary(); });
$('#filters').addEventListener('change', () => loadLibrary());

/* ---- step 5: charts (Apache ECharts, served by juesuan itself) ---------------------------------- */

function loadECharts() {
  if (window.echarts) return Promise.resolve(true);
  if (!S.session.charts) return Promise.resolve(false);
  return new Promise((resolve) => {
    const s = el('script', { src: '/echarts.min.js' });
    s.onload = () => resolve(true);
    s.onerror = () => resolve(false);
    document.head.append(s);
  });
}

function chart(id, option) {
  const node = document.getElementById(id);
  let c = window.echarts.getInstanceByDom(node);
  if (!c) { c = window.echarts.init(node, null, { renderer: 'canvas' }); S.charts.push(c); }
  c.setOption(option, true);
  return c;
}

const wan = (fen) => Math.round(Number(fen) / 100) / 10000; /* fen → 万元 (display only) */

async function loadCharts() {
  const msg = $('#charts-msg');
  if (!(await loadECharts())) {
    msg.textContent = '此服务器构建时没有 ECharts（运行 scripts/setup 安装后重新构建），图表不可用。';
    return;
  }
  msg.textContent = '';
  const ov = await api('GET', '/api/reports/overview');
  const rows = (ov.data && ov.data.rows) || [];
  if (!rows.length) msg.textContent = '文件库是空的：先上传文件。';
  chart('chart-overview', {
    tooltip: { trigger: 'axis' }, legend: { top: 0 },
    grid: { left: 40, right: 20, top: 30, bottom: 30 },
    xAxis: { type: 'category', data: rows.map((r) => String(r.year)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '文件数', type: 'bar', data: rows.map((r) => r.documents) },
      { name: '有错误的文件', type: 'bar', data: rows.map((r) => r.with_errors), itemStyle: { color: '#e07800' } },
      { name: '错误数', type: 'line', data: rows.map((r) => r.errors), itemStyle: { color: '#c62828' } },
    ],
  });
  const ysel = $('#chart-year');
  fillSelect(ysel, rows.map((r) => r.year), null);
  ysel.onchange = () => yearCharts(ysel.value);
  await yearCharts(ysel.value);
  await yoyChart();
}

async function yearCharts(year) {
  const seq = (yearCharts.seq = (yearCharts.seq || 0) + 1); /* a later year choice wins */
  const comp = await api('GET', '/api/reports/composition?year=' + encodeURIComponent(year || 0));
  if (seq !== yearCharts.seq) return;
  const rows = (comp.data && comp.data.rows) || [];
  const income = rows.filter((r) => /^收入:/.test(r.row) && !/合计|总计|结转|结余/.test(r.row) && Number(r.fen) > 0)
    .map((r) => ({ name: r.row.slice(3), value: wan(r.fen) }));
  const spend = rows.filter((r) => /^支出:\d{3}$/.test(r.row) && Number(r.fen) > 0)
    .map((r) => ({ name: CLASS_NAMES[r.row.slice(3)] || r.row.slice(3), value: wan(r.fen) }));
  const pie = (data) => ({
    tooltip: { trigger: 'item', formatter: '{b}<br>{c} 万元（{d}%）' },
    series: [{ type: 'pie', radius: ['30%', '65%'], data, label: { formatter: '{b}\n{d}%' } }],
  });
  chart('chart-income', pie(income));
  chart('chart-spend', pie(spend));
  const rk = await api('GET', '/api/reports/rank?metric=' + encodeURIComponent('三公经费决算') + '&year=' + encodeURIComponent(year || 0) + '&top=15');
  if (seq !== yearCharts.seq) return;
  const rr = (rk.data && rk.data.rows) || [];
  const col = (name) => (rk.data ? rk.data.columns.indexOf(name) : -1);
  const di = col('dept'), vi = rk.data ? rk.data.columns.length - 1 : -1;
  chart('chart-rank', {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 10, right: 40, top: 10, bottom: 20, containLabel: true },
    xAxis: { type: 'value', name: '万元' },
    yAxis: { type: 'category', inverse: true, data: rr.map((r) => r[di]),
      axisLabel: { width: 200, overflow: 'truncate' } },
    series: [{ type: 'bar', data: rr.map((r) => Number(r[vi])), itemStyle: { color: '#17325c' },
      label: { show: true, position: 'right' } }],
  });
}

async function yoyChart() {
  const r = await api('GET', '/api/reports/depts');
  const depts = ((r.data && r.data.rows) || []).filter((d) => d.years >= 2);
  const sel = $('#yoy-dept');
  sel.textContent = '';
  for (const d of depts) sel.append(el('option', { value: d.dept, dataset: { y1: d.first, y2: d.last } }, d.dept + '（' + d.first + '–' + d.last + '）'));
  if (!depts.length) {
    sel.append(el('option', { value: '' }, '没有两个年度都在库中的部门'));
    chart('chart-yoy', { title: { text: '需要同一部门两个年度的文件', left: 'center', top: 'middle', textStyle: { fontSize: 13, color: '#5f6b7a' } } });
    return;
  }
  const draw = async () => {
    const o = sel.selectedOptions[0];
    const y = await api('GET', '/api/reports/yoy?dept=' + encodeURIComponent(o.value) + '&y1=' + o.dataset.y1 + '&y2=' + o.dataset.y2);
    const cols = (y.data && y.data.columns) || [];
    const rows = ((y.data && y.data.rows) || []).filter((x) => x[0] === '01' && /合计|总计/.test(x[1])).slice(0, 8);
    chart('chart-yoy', {
      tooltip: { trigger: 'axis' }, legend: { top: 0 },
      grid: { left: 10, right: 20, top: 30, bottom: 10, containLabel: true },
      xAxis: { type: 'category', data: rows.map((x) => x[1].replace(/^(收入|支出):/, '$1 ')), axisLabel: { interval: 0, rotate: 15 } },
      yAxis: { type: 'value', name: '万元' },
      series: [3, 4].map((i) => ({ name: cols[i], type: 'bar', data: rows.map((x) => Number(x[i] || 0)) })),
    });
  };
  sel.onchange = draw;
  await draw();
}

window.addEventListener('resize', () => { for (const c of S.charts) c.resize(); });

/* ---- start ------------------------------------------------------------------------------------ */

loadSession().then(route);
