/*
 * report.js - the HTML pages of `juesuan report` in Chromium (run by report.sh,
 * which makes them in TMP). For each chart: a canvas with pixels drawn, and
 * every point of every series equal to the cell of the page's table it names
 * (chart-data's src: the table row, or the 名次 of a ranking); and every row
 * the chart should show is in it. The network is cut off: the page must draw
 * from what it carries. JS_SHOTS=DIR (SHOTS) saves docs/report-charts.png.
 */
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

const TMP = process.env.TMP;
let failed = 0;
function check(name, cond, detail) {
  if (cond) console.log('ok   ' + name);
  else { failed++; console.log('FAIL ' + name + (detail !== undefined ? ': ' + JSON.stringify(detail) : '')); }
}

/* What the page shows: its tables as arrays of cell texts, chart-data, and per chart
 * the option ECharts holds and how many of its canvas pixels are not background. */
async function read(page, file) {
  await page.goto('file://' + path.join(TMP, file));
  await page.waitForFunction(() => window.__charts !== undefined, null, { timeout: 30000 });
  await page.waitForTimeout(300); /* let the animation end before counting pixels */
  return page.evaluate(() => {
    const tables = [...document.querySelectorAll('table.report')].map((t) => ({
      cols: [...t.querySelectorAll('thead th')].map((x) => x.textContent),
      rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent)),
    }));
    const data = JSON.parse(document.getElementById('chart-data').textContent);
    const charts = {};
    for (const id of Object.keys(window.__charts)) {
      const o = window.__charts[id].getOption();
      const cv = document.querySelector('#' + id + ' canvas');
      let drawn = 0;
      if (cv) {
        const px = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
        for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0 && (px[i] < 240 || px[i + 1] < 240 || px[i + 2] < 240)) drawn++;
      }
      charts[id] = {
        series: (o.series || []).map((s) => ({ name: s.name, data: (s.data || []).map((d) => (d !== null && typeof d === 'object' ? { name: d.name, value: d.value } : d)) })),
        cats: ((o.yAxis || []).concat(o.xAxis || []).find((a) => a.type === 'category') || {}).data || [],
        canvas: !!cv, w: cv ? cv.width : 0, drawn,
      };
    }
    return { tables, data, charts };
  });
}

const num = (s) => Number(String(s).replace(/%$/, ''));

function drawnCheck(what, c) {
  check(what + ': a canvas with the chart drawn', c && c.canvas && c.w > 100 && c.drawn > 2000, c && { w: c.w, drawn: c.drawn });
}

async function main() {
  const ud = fs.mkdtempSync(path.join(TMP, 'chromium-'));
  const ctx = await chromium.launchPersistentContext(ud, {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 900 }, locale: 'zh-CN',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  const errors = [], requests = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/*', (r) => { const u = r.request().url(); if (u.startsWith('file:')) return r.continue(); requests.push(u); return r.abort(); });

  /* ---- rollup: income by source, spending by 类, against table 01 of the sums ---- */
  let p = await read(page, 'rollup.html');
  const sums = p.tables[0];
  check('rollup: the sums table and the identities table', p.tables.length === 2 && sums.rows.length > 100, p.tables.length);
  const [ct, cr, cc, cv] = [0, 1, 2, 3];
  const col01 = (sums.rows.find((r) => r[ct] === '01' && r[cr] === '收入:本年收入合计') || [])[cc];
  const cellOf = (row) => { const r = sums.rows.find((x) => x[ct] === '01' && x[cr] === row && x[cc] === col01); return r ? num(r[cv]) : undefined; };
  for (const [id, want] of [['chart-income', (k) => /^收入:/.test(k) && !/合计|总计|结转|结余/.test(k)],
    ["chart-spend", (k) => /^\d{3}( |$)/.test(k)]]) {
    const c = p.charts[id];
    const spec = p.data.charts.find((x) => x.id === id);
    drawnCheck('rollup ' + id, c);
    const data = c ? c.series[0].data : [];
    const expect = sums.rows.filter((r) => r[ct] === '01' && r[cc] === col01 && want(r[cr]) && num(r[cv]) > 0);
    check('rollup ' + id + ': one slice per row of table 01 (' + expect.length + ')', expect.length >= 2 && data.length === expect.length, { chart: data.length, table: expect.length });
    const bad = spec.points.filter((pt, i) => !data[i] || data[i].value !== cellOf(pt.src.row) || data[i].name !== pt.name || !want(pt.src.row));
    check('rollup ' + id + ': every slice is its table cell', spec.points.length === data.length && bad.length === 0, bad);
  }
  const inc = p.charts['chart-income'].series[0].data.reduce((s, d) => s + Math.round(d.value * 100), 0);
  check('rollup: the income slices add up to 本年收入合计', inc === Math.round(cellOf('收入:本年收入合计') * 100), [inc, cellOf('收入:本年收入合计')]);
  if (process.env.SHOTS) await page.screenshot({ path: path.join(process.env.SHOTS, 'report-rollup.png') });

  /* ---- rank: 三公 by department, in the ranking's order ---- */
  for (const [file, nseries] of [['rank.html', 1], ['findings.html', 3]]) {
    p = await read(page, file);
    const t = p.tables[0], c = p.charts['chart-rank'];
    drawnCheck(file, c);
    check(file + ': one bar per ranked document, ' + nseries + ' series', c && t.rows.length >= 3 && c.cats.length === t.rows.length && c.series.length === nseries, c && [c.cats.length, t.rows.length, c.series.length]);
    const spec = p.data.charts[0];
    const bad = [];
    t.rows.forEach((r, i) => {
      const pt = spec.points[i];
      if (!pt || pt.src.rank !== r[0] || !c.cats[i].startsWith(r[2])) bad.push(['order', i, r[0], pt && pt.src.rank, c.cats[i]]);
      for (let s = 0; s < nseries; s++) if (c.series[s].data[i] !== num(r[5 + s])) bad.push([i, s, c.series[s].data[i], r[5 + s]]);
    });
    check(file + ': every bar is its table cell', bad.length === 0, bad);
    if (file === 'rank.html' && process.env.SHOTS) await page.screenshot({ path: path.join(process.env.SHOTS, 'report-rank.png') });
  }

  /* ---- yoy: table 01's totals, and 三公 item by item, both years ---- */
  p = await read(page, 'yoy.html');
  for (const [id, want] of [['chart-yoy', (r) => r[0] === '01' && /合计|总计/.test(r[1])],
    ['chart-yoy-sangong', (r) => r[0] === '07' && /^决算:/.test(r[2])]]) {
    const t = p.tables[0], c = p.charts[id], spec = p.data.charts.find((x) => x.id === id);
    drawnCheck('yoy ' + id, c);
    const rows = t.rows.filter(want);
    check('yoy ' + id + ': series named after the two years', c && c.series.map((s) => s.name).join() === t.cols.slice(3, 5).join(), c && c.series.map((s) => s.name));
    check('yoy ' + id + ': one group per row (' + rows.length + ')', c && rows.length >= 4 && c.cats.length === rows.length, c && [c.cats.length, rows.length]);
    const bad = [];
    spec.points.forEach((pt, i) => {
      const [tb, row, col] = pt.src.key.split('|');
      const r = t.rows.find((x) => x[0] === tb && x[1] === row && x[2] === col);
      if (!r || !want(r)) bad.push(['not a row to show', pt.src.key]);
      for (let s = 0; s < 2; s++) if (!r || c.series[s].data[i] !== num(r[3 + s] || 0)) bad.push([pt.src.key, s, c.series[s].data[i], r && r[3 + s]]);
    });
    check('yoy ' + id + ': every bar is its table cell', bad.length === 0, bad);
  }
  if (process.env.SHOTS) await page.screenshot({ path: path.join(process.env.SHOTS, 'report-yoy.png') });

  /* ---- execution: 预算数 and 决算数 by 类 (when report.sh could make the page) ---- */
  if (fs.existsSync(path.join(TMP, 'execution.html'))) {
    p = await read(page, 'execution.html');
    const t = p.tables[0], c = p.charts['chart-execution'], spec = p.data.charts[0];
    drawnCheck('execution', c);
    const ci = (k) => t.cols.indexOf(k);
    const rows = t.rows.filter((r) => /^\d{3}$/.test(r[ci('类')]));
    check('execution: one group per 类 (' + rows.length + '), budget and final', c && rows.length >= 2 && c.cats.length === rows.length && c.series.length === 2, c && [c.cats.length, rows.length]);
    const bad = [];
    spec.points.forEach((pt, i) => {
      const r = rows.find((x) => x[ci('类')] === pt.src['类']);
      [['预算数', 0], ['决算数', 1]].forEach(([k, s]) => { if (!r || c.series[s].data[i] !== num(r[ci(k)] || 0)) bad.push([pt.src['类'], k, c.series[s].data[i], r && r[ci(k)]]); });
    });
    check('execution: every bar is its table cell', bad.length === 0, bad);
  }

  /* ---- nothing to chart: the chart says so, no error ---- */
  p = await read(page, 'execution_none.html');
  check('an empty ranking: the chart is there, with no bar', p.charts['chart-rank'] && p.charts['chart-rank'].series.length === 0 && p.tables[0].rows.length === 0);

  check('no script error on any page', errors.length === 0, errors);
  check('no request left the page (ECharts is inline)', requests.length === 0, requests);
  await ctx.close();
  console.log(failed ? failed + ' checks failed' : 'all checks passed');
  process.exit(failed ? 1 : 0);
}
main().catch((e) => { console.log('FAIL ' + (e && e.stack || e)); process.exit(1); });
