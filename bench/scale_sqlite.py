#!/usr/bin/env python3
"""bench/scale_sqlite.py - scale a SQLite database of bench/gen_docs up in SQL
(bench/db.sh, issue #17), as db.sh does for PostgreSQL:

    scale_sqlite.py DB N TOTAL FACTS

Copy g of document i (i <= N, the documents gen_docs stored) gets id i + g*N,
its own hash, path and dept (dept || '#' || g), the same year, region and
metrics; with FACTS=1 also the same facts and findings (so the same factsum
and findsum), with FACTS=0 none (nfacts 0, no findings: the rankings and the
roll-ups from sums see the copy, its facts do not exist). docsum is computed
as src/lib/store/put.c computes it (SHA-256 over the row's values, 0x1f
between them); the roll-up sums of copies with facts are the originals'
times the number of copies (every copy is a current document of its own
dept), their check values computed as the store does (FNV-1a, sqlite.c), and
year_sums the sums of every region added.
"""
import hashlib
import sqlite3
import sys
import time

DOCSUM_COLS = ("hash, path, bytes, dept, year, region, form, unit, npages, nlines, ntables, "
               "nfacts, nsections, nparas, checked, check_note, nerrors, nwarnings, nnotices, "
               "sangong, jiguan, jiguan_src, staff, office, loaded_at, region_src, factsum, "
               "findsum")


def canon(*vals):
    parts = ["\\N" if v is None else str(v) for v in vals]
    return hashlib.sha256(("\x1f".join(parts) + "\n").encode()).hexdigest()


def fnv(text):
    h = 2166136261
    for b in text.encode():
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h - (1 << 32) if h >= (1 << 31) else h


def main():
    db, n, total, withf = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    con = sqlite3.connect(db, isolation_level=None)
    con.create_function("js_docsum", 28, canon, deterministic=True)
    con.create_function("js_hash", 1, fnv, deterministic=True)
    con.create_function("js_sha", 1, lambda t: hashlib.sha256(t.encode()).hexdigest(),
                        deterministic=True)
    have = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    g0, k = have // n, (total + n - 1) // n - 1
    if k < g0:
        return
    t0 = time.time()
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-400000")
    con.execute("BEGIN")
    con.execute("CREATE TEMP TABLE g (g INTEGER PRIMARY KEY)")
    con.executemany("INSERT INTO g VALUES (?)", [(g,) for g in range(g0, k + 1)])
    empty = hashlib.sha256(b"").hexdigest()
    nf = "d.nfacts" if withf else "0"
    cnt = "d.nerrors, d.nwarnings, d.nnotices" if withf else "0, 0, 0"
    sums = "d.factsum, d.findsum" if withf else f"'{empty}', '{empty}'"
    con.execute(f"""INSERT INTO documents (id, {DOCSUM_COLS}, current)
      SELECT d.id + g * {n}, js_sha(d.hash || '#' || g), d.path || '#' || g, d.bytes,
        d.dept || '#' || g, d.year, d.region, d.form, d.unit, d.npages, d.nlines, d.ntables,
        {nf}, d.nsections, d.nparas, d.checked, d.check_note, {cnt}, d.sangong, d.jiguan,
        d.jiguan_src, d.staff, d.office, d.loaded_at, d.region_src, {sums}, d.current
      FROM documents d, g WHERE d.id <= {n} ORDER BY g, d.id""")
    con.execute(f"UPDATE documents SET docsum = js_docsum({DOCSUM_COLS}) WHERE id > {n * g0}")
    if withf:
        con.execute(f"""INSERT INTO facts (doc_id, tbl, row_key, col_key, value, wan, line, page,
            year, region) SELECT f.doc_id + g * {n}, f.tbl, f.row_key, f.col_key, f.value, f.wan,
            f.line, f.page, f.year, f.region FROM facts f, g WHERE f.doc_id <= {n}""")
        con.execute(f"""INSERT INTO findings (doc_id, seq, rule, kind, severity, tbl, row_key,
            col_key, section, line, page, stated, expected, message, year, region)
            SELECT f.doc_id + g * {n}, f.seq, f.rule, f.kind, f.severity, f.tbl, f.row_key,
            f.col_key, f.section, f.line, f.page, f.stated, f.expected, f.message, f.year,
            f.region FROM findings f, g WHERE f.doc_id <= {n}""")
        # every copy adds the originals' facts to their year and region
        mult = k + 1
        # (schema 9: the rows of region_sums made again from its view, each key's sums
        # multiplied)
        con.execute(f"""CREATE TEMP TABLE s AS SELECT year, region, tbl, row_key, col_key,
            value / {g0 if g0 else 1} * {mult} AS value, units / {g0 if g0 else 1} * {mult}
            AS units FROM sums ORDER BY year, region, tbl, row_key, col_key""")
        con.execute("DELETE FROM region_sums")
        con.execute("""INSERT INTO region_sums (year, region, data, chk)
            SELECT year, region, d, js_hash(CAST(year AS TEXT) || '|' || region || '|' || d)
            FROM (SELECT year, region, json_group_array(json_array(tbl, row_key, col_key,
            value, units)) AS d FROM temp.s GROUP BY year, region)""")
        con.execute("DROP TABLE temp.s")
        # year_sums (schema 7): the sums of every region added, checked as a region '*'
        con.execute("DELETE FROM year_sums")
        con.execute("""INSERT INTO year_sums (year, tbl, row_key, col_key, value, units, chk)
            SELECT year, tbl, row_key, col_key, v, u, js_hash(CAST(year AS TEXT) || '|*|' || tbl
            || '|' || row_key || '|' || col_key || '|' || CAST(v AS TEXT) || '|'
            || CAST(u AS TEXT)) FROM (SELECT year, tbl, row_key, col_key, SUM(value) AS v,
            SUM(units) AS u FROM sums GROUP BY 1, 2, 3, 4)""")
    # (schema 8) and the year's current documents of each kind counted, with their facts
    con.execute("DELETE FROM year_sums WHERE tbl IN ('#', 'Y#')")
    con.execute("""INSERT INTO year_sums (year, tbl, row_key, col_key, value, units, chk)
        SELECT year, t, '', '', v, u, js_hash(CAST(year AS TEXT) || '|*|' || t || '|||'
        || CAST(v AS TEXT) || '|' || CAST(u AS TEXT)) FROM (SELECT year, CASE WHEN form LIKE
        'budget%' THEN 'Y#' ELSE '#' END AS t, SUM(nfacts) AS v, COUNT(*) AS u FROM documents
        WHERE current = 1 AND year > 0 GROUP BY 1, 2)""")
    con.execute("COMMIT")
    con.execute("ANALYZE")
    docs = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    facts = con.execute("SELECT COUNT(*) FROM facts").fetchone()[0]
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"  scaled to {docs} documents, {facts} facts in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
