/*
 * review.js - the reviewer's steps of issue #11 in Chromium (run by review.sh,
 * which starts the servers and prepares the inputs). Prints one ok/FAIL line
 * per check; exits 1 when any failed. JS_SHOTS=DIR (review.sh passes it as
 * SHOTS) also saves the screenshots of docs/.
 */
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const env = process.env;
const IN = env.IN, TMP = env.TMP, PAGES = Number(env.PAGES);
let failed = 0;
function check(name, cond, detail) {
  if (cond) console.log('ok   ' + name);
  else { failed++; console.log('FAIL ' + name + (detail !== undefined ? ': ' + JSON.stringify(detail) : '')); }
}
const counts = {};
for (const line of fs.readFileSync(env.COUNTS, 'utf8').trim().split('\n')) {
  const [name, c] = line.split('\t');
  counts[name] = c.trim();
}

async function shot(page, name) {
  if (env.SHOTS) await page.screenshot({ path: path.join(env.SHOTS, name) });
}

/* Red or orange pixels of a PPM (P6) image: the boxes drawn on a page. */
function colouredPixels(ppm) {
  let pos = 0, fields = [];
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(ppm[pos]))) pos++;
    let s = pos;
    while (!/\s/.test(String.fromCharCode(ppm[pos]))) pos++;
    fields.push(ppm.toString('latin1', s, pos));
  }
  pos++;
  let n = 0;
  for (let i = pos; i + 2 < ppm.length; i += 3)
    if (ppm[i] > 180 && ppm[i + 1] < 160 && ppm[i + 2] < 100) n++;
  return n;
}

async function rowsDone(page, n) {
  await page.waitForFunction((k) => document.querySelectorAll('#uploads tbody tr td.done, #uploads tbody tr td.fail').length >= k, n, { timeout: 60000 });
}

async function main() {
  const ud = fs.mkdtempSync(path.join(TMP, 'chromium-'));
  const ctx = await chromium.launchPersistentContext(ud, {
    executablePath: '/usr/bin/chromium', headless: true, acceptDownloads: true,
    viewport: { width: 1366, height: 820 }, locale: 'zh-CN',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => { errors.push('dialog: ' + d.message()); d.dismiss(); });
  const U = env.OPEN_URL;

  /* ---- step 1: upload, progress, counts ---- */
  await page.goto(U + '/');
  await page.waitForSelector('#drop');
  const files = ['000_e65ad6a672f33cc8.txt', '001_97ec0fee91833ab7.txt', '002_4b65da696dc0427c.txt',
    '003_bacf23239032d27d.txt', '004_5d1dd30bc5ab887d.txt', 'shanghai-putuo-finance-bureau-2024.pdf',
    '000-2019.txt', 'clean-001.txt'];
  await page.setInputFiles('#file-input', files.map((f) => path.join(IN, f)));
  await rowsDone(page, files.length);
  const rows = await page.$$eval('#uploads tbody tr', (trs) => trs.map((tr) => {
    const td = tr.querySelectorAll('td');
    return { name: td[0].textContent, status: td[1].textContent, dept: td[2].textContent,
      counts: [td[4], td[5], td[6]].map((x) => x.textContent).join(' '),
      href: (tr.querySelector('a.open') || {}).href };
  }));
  for (const f of files) {
    const r = rows.find((x) => x.name === f);
    check('upload ' + f + ': done, counts shown as `check` counts', r && r.href && (!counts[f] || r.counts === counts[f]),
      r && { shown: r.counts, check: counts[f], status: r.status });
  }
  await shot(page, 'web-upload.png');

  /* ---- step 2: the PDF: click a finding → its cell and the page box ---- */
  const pdfRow = rows.find((x) => /shanghai/.test(x.name));
  await page.goto(pdfRow.href);
  await page.waitForSelector('.finding');
  const target = await page.evaluate(() => {
    const f = S.doc.report.findings.find((x) => x.table && x.row && x.column && x.page && S.cells.get(x.table + '|' + x.row + '|' + x.column));
    return f && { id: f.id, key: f.table + '|' + f.row + '|' + f.column, page: f.page };
  });
  check('PDF: a finding at a table cell', !!target, target);
  await page.click('#f-' + target.id + ' .msgtext');
  await page.waitForFunction(() => { const i = document.getElementById('pv-img'); return i && i.complete && i.naturalWidth > 0; }, null, { timeout: 20000 });
  const cell = await page.evaluate((key) => {
    const td = S.cells.get(key);
    const r = td.getBoundingClientRect(), box = document.getElementById('tab-tables').getBoundingClientRect();
    return { focus: td.classList.contains('focus'), sev: td.dataset.sev, inView: r.top >= box.top && r.bottom <= box.bottom && r.height > 0 };
  }, target.key);
  check('click → the cell is highlighted and scrolled into view', cell.focus && cell.inView && !!cell.sev, cell);
  const pv = await page.evaluate(() => {
    const img = document.getElementById('pv-img');
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 180 && d[i + 1] < 160 && d[i + 2] < 100) n++;
    return { visible: !document.getElementById('pageview').hidden, src: img.src, coloured: n, title: document.getElementById('pv-title').textContent };
  });
  check('click → the original page is shown with a box', pv.visible && pv.coloured > 100 && pv.src.includes('/pages/' + target.page + '.png'), pv);
  await shot(page, 'web-document.png');

  /* ---- step 3: accept → the count drops, and stays after a reload ---- */
  const before = await page.evaluate(() => S.doc.report.summary.error);
  const eid = await page.evaluate(() => S.doc.report.findings.find((f) => f.severity === 'error' && !f.accepted).id);
  await page.click('#f-' + eid + ' button.accept');
  await page.fill('#f-' + eid + ' input[name=comment]', '<img src=x onerror="window.__xss2=1">已与单位核实');
  await page.click('#f-' + eid + ' .accform button[type=submit]');
  await page.waitForFunction((b) => Number(document.getElementById('doc-counts').dataset.error) === b - 1, before, { timeout: 10000 });
  check('accept → the error count drops by one', true);
  await page.reload();
  await page.waitForSelector('#f-' + eid);
  const acc = await page.evaluate((id) => {
    const n = document.getElementById('f-' + id);
    return { errors: Number(document.getElementById('doc-counts').dataset.error), cls: n.className,
      note: (n.querySelector('.accnote') || {}).textContent, imgs: n.querySelectorAll('.accnote img').length, xss: window.__xss2 };
  }, eid);
  check('after a reload: still accepted, greyed, not counted', acc.errors === before - 1 && /accepted/.test(acc.cls), acc);
  check('the comment is shown as text, not HTML', acc.imgs === 0 && acc.xss === undefined && /<img src=x/.test(acc.note), acc);
  await page.click('#f-' + target.id + ' .msgtext');

  /* ---- step 4: downloads ---- */
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#doc-downloads a.annot')]);
  const annotated = path.join(TMP, 'annotated.pdf');
  await dl.saveAs(annotated);
  const info = execFileSync('pdfinfo', [annotated]).toString();
  const pages = Number((info.match(/Pages:\s+(\d+)/) || [])[1]);
  check('annotated PDF: the original pages + a findings list page', pages === PAGES + 1, { pages, PAGES });
  const ppm = (f, p) => execFileSync('pdftoppm', ['-r', '40', '-f', String(p), '-l', String(p), f]);
  const orig = path.join(IN, 'shanghai-putuo-finance-bureau-2024.pdf');
  const boxes = colouredPixels(ppm(annotated, target.page)), plain = colouredPixels(ppm(orig, target.page));
  check('annotated PDF: the page of the finding has its box', boxes > 50 && plain === 0, { boxes, plain });
  const list = execFileSync('pdftotext', ['-f', String(pages), '-l', String(pages), annotated, '-']).toString();
  check('annotated PDF: the last page lists the findings', /审核问题清单/.test(list) && /已接受/.test(list));
  const base = page.url().replace(/#.*/, '') + 'api/documents/' + (await page.evaluate(() => S.doc.id)) + '/';
  const j = await (await page.request.get(base + 'findings.json')).json();
  check('findings JSON: every finding, the accepted one with its comment',
    j.findings.length === (await page.evaluate(() => S.doc.report.findings.length)) && j.findings.some((f) => f.accepted));
  const csv = await (await page.request.get(base + 'findings.csv')).text();
  const xlsx = await (await page.request.get(base + 'findings.xlsx')).body();
  check('findings CSV and XLSX', /X-01-03/.test(csv) && xlsx.slice(0, 2).toString() === 'PK');

  /* ---- step 2 on text: a narrative finding marks the stated figure ---- */
  await page.goto(rows.find((x) => x.name === '000_e65ad6a672f33cc8.txt').href);
  /* only the hash changes: wait for 000 itself, not for the previous document's findings */
  await page.waitForFunction(() => S.doc && /000_e65ad6a672f33cc8/.test((S.doc.name || '') + (S.doc.report.document || '')) &&
    document.querySelector('.finding'), null, { timeout: 30000 });
  const nid = await page.evaluate(() => {
    const f = S.doc.report.findings.find((x) => x.section && x.stated && S.secs.get(x.section) && document.querySelector('mark[data-fid="' + x.id + '"]'));
    return f && f.id;
  });
  check('text: a 说明 finding with its figure marked', !!nid);
  if (nid) {
    await page.click('#f-' + nid + ' .msgtext');
    await page.waitForSelector('mark.focus[data-fid="' + nid + '"]', { timeout: 10000 }).catch(() => {});
    const m = await page.evaluate((id) => {
      const mk = document.querySelector('mark[data-fid="' + id + '"]');
      if (!mk) return { focus: false, missing: true };
      const r = mk.getBoundingClientRect(), box = document.getElementById('tab-narrative').getBoundingClientRect();
      return { focus: mk.classList.contains('focus'), tab: !document.getElementById('tab-narrative').hidden, inView: r.top >= box.top && r.bottom <= box.bottom };
    }, nid);
    check('click → the 说明 tab with the wrong figure marked and in view', m.focus && m.tab && m.inView, m);
    await shot(page, 'web-narrative.png');
  }

  /* ---- the 绩效自评表 and the grouping by root cause (seed 002) ---- */
  await page.goto(rows.find((x) => x.name === '002_4b65da696dc0427c.txt').href);
  /* the address changes only its hash: the previous document's findings stay on the page
   * until 002 is shown, so wait for 002 itself, not for any finding */
  const pf = await page
    .waitForFunction(() => {
      if (!S.doc || !/002_4b65da696dc0427c/.test((S.doc.name || '') + (S.doc.report.document || ''))) return false;
      const f = S.doc.report.findings.find((x) => /^P/.test(x.table || '') && x.line && S.perfLines.get(x.line));
      return f ? f.id : false;
    }, null, { timeout: 30000 })
    .then((h) => h.jsonValue())
    .catch(() => null);
  check('a 绩效自评表 finding has its row', !!pf);
  if (pf) {
    await page.click('#f-' + pf + ' .msgtext');
    const hit = await page.evaluate((id) => { const n = document.querySelector('.focus'); return n && n.closest('section.perf') !== null; }, pf);
    check('click → the row of the 绩效自评表 highlighted', hit);
  }
  await page.click('.group button[data-group=cause]');
  const roots = await page.evaluate(() => ({
    heads: Array.from(document.querySelectorAll('#findings .fgroup h4')).filter((h) => /^根源/.test(h.textContent)).length,
    children: document.querySelectorAll('#findings .finding.child').length,
    withCause: S.doc.report.findings.filter((f) => f.cause).length,
  }));
  check('grouped by root cause: each consequence under its root', roots.withCause === 0 || (roots.heads > 0 && roots.children === roots.withCause), roots);
  await page.click('.group button[data-group=place]');

  /* ---- bad uploads and a department named with a script ---- */
  await page.goto(U + '/');
  await page.setInputFiles('#file-input', ['big.txt', 'letter.txt', 'picture.pdf', 'xss.txt'].map((f) => path.join(IN, f)));
  await rowsDone(page, 4);
  const bad = await page.$$eval('#uploads tbody tr', (trs) => Object.fromEntries(trs.map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent + '|' + tr.cells[2].textContent])));
  check('oversized upload: a clear message', /文件过大/.test(bad['big.txt']), bad['big.txt']);
  check('a letter: not a disclosure', /不是决算公开文件/.test(bad['letter.txt']), bad['letter.txt']);
  check('a PNG named .pdf: refused by its content', /PNG 图片/.test(bad['picture.pdf']), bad['picture.pdf']);
  check('<script> in a department name stays text', /<script>window.__xss=1<\/script>/.test(bad['xss.txt']), bad['xss.txt']);
  const big = await page.evaluate(async () => {
    const fd = new FormData();
    fd.append('file', new Blob([new Uint8Array(6 * 1024 * 1024)]), 'big.txt');
    const r = await fetch('/api/check', { method: 'POST', body: fd });
    return { status: r.status, body: await r.text() };
  });
  check('oversized upload past the page: 413 with a message', big.status === 413 && /文件过大/.test(big.body), big.status);
  await page.click('#uploads tbody tr:has-text("xss.txt") a.open');
  await page.waitForSelector('.finding');
  const x = await page.evaluate(() => ({ title: document.getElementById('doc-title').textContent, scripts: document.querySelectorAll('main script').length, xss: window.__xss }));
  check('document view: the name shown as text, no script run', /<script>/.test(x.title) && x.scripts === 0 && x.xss === undefined, x);

  /* ---- step 5: library and charts ---- */
  await page.goto(U + '/#/library');
  await page.waitForFunction(() => document.querySelectorAll('#library tbody tr').length > 0);
  const all = await page.$$eval('#library tbody tr', (t) => t.length);
  check('library: every stored document', all === 9, all);
  await page.selectOption('#filters select[name=year]', '2024');
  await page.waitForFunction(() => document.querySelectorAll('#library tbody tr').length === 1);
  check('library: filter by year', true);
  await page.selectOption('#filters select[name=year]', '');
  await page.check('#filters input[name=errors]');
  await page.waitForFunction((n) => document.querySelectorAll('#library tbody tr').length < n, all);
  check('library: filter by errors', true);
  await page.uncheck('#filters input[name=errors]');
  await page.waitForFunction((n) => document.querySelectorAll('#library tbody tr').length === n, all);
  await shot(page, 'web-library.png');
  await page.goto(U + '/#/charts');
  const ids = ['chart-overview', 'chart-income', 'chart-spend', 'chart-rank', 'chart-yoy'];
  await page.selectOption('#chart-year', '2020').catch(() => {});
  await page.waitForFunction((ids) => ids.every((id) => document.querySelector('#' + id + ' canvas')), ids, { timeout: 20000 });
  /* the pies are those of the year chosen, even when chosen while the first year's were loading */
  await page.waitForFunction(() => {
    const c = window.echarts && echarts.getInstanceByDom(document.getElementById('chart-spend'));
    const d = c && c.getOption().series[0].data;
    return d && d.length > 0;
  }, null, { timeout: 20000 });
  const spend = await page.evaluate(async () => {
    const shown = echarts.getInstanceByDom(document.getElementById('chart-spend')).getOption().series[0].data.length;
    const r = await (await fetch('/api/reports/composition?year=2020')).json();
    return { shown, want: r.rows.filter((x) => /^支出:\d{3}$/.test(x.row) && Number(x.fen) > 0).length };
  });
  check('charts: the composition of the year chosen', spend.shown === spend.want, spend);
  await page.waitForTimeout(1200); /* ECharts animates in */
  const ink = await page.evaluate((ids) => Object.fromEntries(ids.map((id) => {
    const c = document.querySelector('#' + id + ' canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return [id, n];
  })), ids);
  for (const id of ids) check('chart ' + id + ' drawn (non-empty canvas)', ink[id] > 500, ink[id]);
  await shot(page, 'web-charts.png');
  check('no script errors in the page', errors.length === 0, errors);

  /* ---- auth required when configured ---- */
  const A = env.AUTH_URL;
  const p2 = await ctx.newPage();
  await p2.goto(A + '/');
  await p2.waitForSelector('#view-login:not([hidden])');
  const un = await p2.evaluate(async () => (await fetch('/api/documents')).status);
  check('auth: the API refuses without a session', un === 401, un);
  await p2.fill('#login-form input[name=user]', '审核员');
  await p2.fill('#login-form input[name=password]', 'wrong password');
  await p2.click('#login-form button');
  await p2.waitForFunction(() => document.getElementById('login-msg').textContent.length > 0);
  check('auth: a wrong password is refused', /不对/.test(await p2.textContent('#login-msg')));
  await shot(p2, 'web-login.png');
  await p2.fill('#login-form input[name=password]', 'correct horse battery');
  await p2.click('#login-form button');
  await p2.waitForSelector('#view-upload:not([hidden])');
  const cookie = await p2.evaluate(() => document.cookie);
  check('auth: logged in, the session cookie not readable by scripts', !/js_session/.test(cookie), cookie);
  await p2.setInputFiles('#file-input', [path.join(IN, '001_97ec0fee91833ab7.txt')]);
  await p2.waitForSelector('#uploads a.open', { timeout: 20000 });
  check('auth: upload after login', true);
  const csrf = await p2.evaluate(async () => {
    const fd = new FormData();
    fd.append('file', new Blob(['x']), 'x.txt');
    return (await fetch('/api/documents', { method: 'POST', body: fd })).status;
  });
  check('auth: storing without the CSRF token is refused', csrf === 403, csrf);

  await ctx.close();
  console.log(failed ? failed + ' browser checks failed' : 'all browser checks passed');
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.log('FAIL ' + (e && e.stack || e)); process.exit(1); });
