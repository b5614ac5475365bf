# shellcheck shell=bash
# bench/db_reports.sh - sourced by bench/db.sh and bench/db_real.sh: the report
# latencies of the store benchmark (issue #17). Needs J (the program), GEN
# (gen_docs), WORK (a scratch directory) and tests/cli/lib/pg_cluster.sh (pg_cpu).
#   timed URL-OR-EMPTY COMMAND...   "wall_ms cpu_ms": medians of 5 runs
#   reports DB LABEL [CLUSTER_URL]  one line per report of a database
# the machine may be shared: a run's wall time is mostly waiting for a core
# there, so each report gives the median wall time of 5 runs and the median
# CPU time of the program (user + system) plus, on PostgreSQL, the server's
# (its backend exits with the connection, so pg_cpu counts it): what the
# report costs on a free core.
timed() { # url-or-empty command... : "wall_ms cpu_ms" medians of 5 runs
    local url=$1 w=() c=() a b s0 s1 u
    shift
    for _ in 1 2 3 4 5; do
        [ -n "$url" ] && s0=$(pg_cpu "$url")
        a=$(date +%s%N)
        /usr/bin/time -f '%U %S' -o "$WORK/t" "$@" > /dev/null 2>&1 || true
        b=$(date +%s%N)
        u=$(awk 'END { print ($1 + $2) * 1000 }' "$WORK/t")
        if [ -n "$url" ]; then sleep 0.2; s1=$(pg_cpu "$url"); u=$(echo "$u + ($s1 - $s0) * 1000" | bc -l); fi
        w+=($(( (b - a) / 1000000 ))); c+=("$(printf '%.0f' "$u")")
    done
    echo "$(printf '%s\n' "${w[@]}" | sort -n | sed -n 3p) $(printf '%s\n' "${c[@]}" | sort -n | sed -n 3p)"
}
reports() { # DB label : one line per report
    local db=$1 dept region
    if [[ $db == postgres* ]]; then
        dept=$(psql -XAtq -d "$db" -c "select dept from documents where year = 2016 order by id limit 1")
        region=$(psql -XAtq -d "$db" -c "select region from documents order by id limit 1")
    else
        dept=$(sqlite3 "$db" "select dept from documents where year = 2016 order by id limit 1")
        region=$(sqlite3 "$db" "select region from documents order by id limit 1")
    fi
    local url=""
    [[ $db == postgres* ]] && url=$3
    printf '  %-52s %8s %8s\n' "report ($2)" "wall ms" "CPU ms"
    run() { printf '  %-52s %8s %8s\n' "$1" $(timed "$url" "${@:2}"); }
    # the baseline of the same run: starting the program, opening the database, one row
    run "(baseline: rank of an empty year: start, open, one query)" $J report --db "$db" rank --metric 三公经费决算 --year 1900 --top 1
    run "rollup --year 2020 --region R" $J report --db "$db" rollup --year 2020 --region "$region"
    run "rollup --year 2020 (every unit of the year)" $J report --db "$db" rollup --year 2020
    run "rollup --year 2020 --dept-prefix (one unit)" $J report --db "$db" rollup --year 2020 --dept-prefix "$dept"
    run "rank 三公经费决算 --year 2020 --top 20" $J report --db "$db" rank --metric 三公经费决算 --year 2020 --top 20
    run "rank 机关运行经费 --year 2020 --top 20" $J report --db "$db" rank --metric 机关运行经费 --year 2020 --top 20
    run "rank 人员经费占比 --year 2020 --top 20" $J report --db "$db" rank --metric 人员经费占比 --year 2020 --top 20
    run "rank findings --year 2020 --top 20" $J report --db "$db" rank --metric findings --year 2020 --top 20
    run "rank 三公经费决算 (all years) --top 20" $J report --db "$db" rank --metric 三公经费决算 --top 20
    run "yoy --dept D --years 2016,2020" $J report --db "$db" yoy --dept "$dept" --years 2016,2020
    run "db show 1" $J db --db "$db" show 1
    # the whole year's roll-up in one process: from the regions' sums added (as before
    # schema version 7) and from year_sums, alternately, medians of 7 (wall, server included)
    printf '  %s\n' "$("$GEN" "$db" --rollup 2020 7)"
}

