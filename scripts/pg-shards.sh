#!/usr/bin/env bash
# scripts/pg-shards.sh - lay out a juesuan database over several PostgreSQL
# servers with PostgreSQL's own machinery (issue #17, docs/scale.md):
#
#   scripts/pg-shards.sh COORD_URL SHARD_URL [FROM_REGION SHARD_URL]...
#
# e.g. scripts/pg-shards.sh postgres://js@coord/nation \
#          postgres://js@shard1/nation 湖南省 postgres://js@shard2/nation 陕西省 postgres://js@shard3/nation
#
# Each SHARD_URL holds the facts and findings of the regions from the region
# before it (bytewise, as COLLATE "C" sorts: a province's regions are one
# range) up to the next FROM_REGION; the first shard starts at the lowest
# region (and holds the documents with no region, ''). On every shard the
# tables are partitioned by year (RANGE, one partition per year 2010-2035
# and a default). On the coordinator facts and findings are partitioned by
# RANGE (region) with each partition a postgres_fdw foreign table on its
# shard; documents, sums, the narrative and the notes stay on the
# coordinator. Run it on empty databases, before the first `juesuan db load`
# (juesuan then creates the rest of its schema around these tables).
#
# The shards' URLs must work from the coordinator's host too (postgres_fdw
# connects from there). A password, if the shard needs one, goes into the
# user mapping: ALTER USER MAPPING FOR CURRENT_USER SERVER js_shard1 OPTIONS (ADD password '…').
set -euo pipefail
[ $# -ge 2 ] && [ $(($# % 2)) -eq 0 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
COORD=$1; shift
psqlc() { psql -XAtq -v ON_ERROR_STOP=1 -d "$1" "${@:2}"; }

# the columns of facts and findings (as src/lib/store/schema.c creates them)
FACT_COLS='doc_id bigint NOT NULL, tbl text COLLATE "C" NOT NULL, row_key text COLLATE "C" NOT NULL,
  col_key text COLLATE "C" NOT NULL, value bigint NOT NULL, wan text COLLATE "C" NOT NULL,
  line integer, page integer, year integer NOT NULL DEFAULT 0, region text COLLATE "C" NOT NULL DEFAULT '"''"
FIND_COLS='doc_id bigint NOT NULL, seq integer NOT NULL, rule text COLLATE "C" NOT NULL,
  kind text COLLATE "C", severity text COLLATE "C" NOT NULL, tbl text COLLATE "C",
  row_key text COLLATE "C", col_key text COLLATE "C", section text COLLATE "C", line integer,
  page integer, stated text COLLATE "C", expected text COLLATE "C", message text COLLATE "C" NOT NULL,
  year integer NOT NULL DEFAULT 0, region text COLLATE "C" NOT NULL DEFAULT '"''"

shard_sql() {
  cat <<SQL
CREATE TABLE facts ($FACT_COLS, PRIMARY KEY (doc_id, tbl, row_key, col_key, year)) PARTITION BY RANGE (year);
CREATE TABLE findings ($FIND_COLS, PRIMARY KEY (doc_id, seq, year)) PARTITION BY RANGE (year);
CREATE TABLE facts_y_other PARTITION OF facts DEFAULT;
CREATE TABLE findings_y_other PARTITION OF findings DEFAULT;
SQL
  for y in $(seq 2010 2035); do
    echo "CREATE TABLE facts_y$y PARTITION OF facts FOR VALUES FROM ($y) TO ($((y + 1)));"
    echo "CREATE TABLE findings_y$y PARTITION OF findings FOR VALUES FROM ($y) TO ($((y + 1)));"
  done
}

sq() { printf "'%s'" "${1//\'/\'\'}"; }
coord_sql="CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE TABLE facts ($FACT_COLS) PARTITION BY RANGE (region);
CREATE TABLE findings ($FIND_COLS) PARTITION BY RANGE (region);
"
n=0; lo=MINVALUE
while [ $# -gt 0 ]; do
  url=$1; shift
  hi=MAXVALUE
  if [ $# -gt 0 ]; then hi=$(sq "$1"); shift; fi
  n=$((n + 1))
  # where the shard is, as the shard itself says (the URL may use a socket or a service)
  IFS='|' read -r host port db user < <(psqlc "$url" -c \
    "SELECT COALESCE(host(inet_server_addr()), '127.0.0.1'), inet_server_port(), current_database(), current_user")
  shard_sql | psqlc "$url" > /dev/null
  coord_sql+="CREATE SERVER js_shard$n FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host $(sq "$host"), port '$port', dbname $(sq "$db"), fetch_size '10000', batch_size '1000');
CREATE USER MAPPING FOR CURRENT_USER SERVER js_shard$n OPTIONS (user $(sq "$user"));
CREATE FOREIGN TABLE facts_shard$n PARTITION OF facts FOR VALUES FROM ($lo) TO ($hi) SERVER js_shard$n OPTIONS (table_name 'facts');
CREATE FOREIGN TABLE findings_shard$n PARTITION OF findings FOR VALUES FROM ($lo) TO ($hi) SERVER js_shard$n OPTIONS (table_name 'findings');
"
  lo=$hi
done
printf '%s' "$coord_sql" | psqlc "$COORD" > /dev/null
echo "pg-shards: $COORD: facts and findings over $n shards"
