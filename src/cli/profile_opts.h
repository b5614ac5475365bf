/* profile_opts.h - the rule-profile options shared by `check` and `rules`
 * (profile_opts.c): one set of records, inserted into both option tables. */
#ifndef JUESUAN_CLI_PROFILE_OPTS_H
#define JUESUAN_CLI_PROFILE_OPTS_H

#include "cli.h"
#include "juesuan/profile.h"

typedef struct cli_profile_opts {
    const char *profile, *accept, *tolerance;
    cli_list disable, enable, severity;
} cli_profile_opts;

/* The records, for a command whose options struct `type` has a
 * cli_profile_opts member `m`. */
#define CLI_PROFILE_RECORDS(type, m)                                                               \
    {"profile",                                                                                    \
     0,                                                                                            \
     CLI_STR,                                                                                      \
     CLI_AT(type, m.profile),                                                                      \
     "NAME|FILE",                                                                                  \
     NULL,                                                                                         \
     N_("rule profile: a file, or a shipped one (default, hunan-2020, shanghai-2024)")},           \
        {"disable", 0, CLI_LIST, CLI_AT(type, m.disable), "RULE", NULL, N_("do not report RULE")}, \
        {"enable",                                                                                 \
         0,                                                                                        \
         CLI_LIST,                                                                                 \
         CLI_AT(type, m.enable),                                                                   \
         "RULE",                                                                                   \
         NULL,                                                                                     \
         N_("report RULE (after a profile disabled it)")},                                         \
        {"severity",                                                                               \
         0,                                                                                        \
         CLI_LIST,                                                                                 \
         CLI_AT(type, m.severity),                                                                 \
         "RULE=LEVEL",                                                                             \
         NULL,                                                                                     \
         N_("report RULE as error, warning or notice")},                                           \
        {"tolerance",                                                                              \
         0,                                                                                        \
         CLI_STR,                                                                                  \
         CLI_AT(type, m.tolerance),                                                                \
         "AMOUNT",                                                                                 \
         NULL,                                                                                     \
         N_("尾数 tolerance in 万元: a table difference up to AMOUNT is a rounding notice")},      \
    {                                                                                              \
        "accept", 0, CLI_STR, CLI_AT(type, m.accept), "FILE", NULL,                                \
            N_("baseline: the findings of FILE (check --format json) are reported as accepted, "   \
               "not counted")                                                                      \
    }

/* Build the profile the options ask for (*out NULL when none is asked for):
 * CLI_GO, or the exit code after a message. Order: --profile, --disable,
 * --enable, --severity, --tolerance, --accept. */
int cli_profile(const char *cmd, const cli_profile_opts *o, js_profile **out);

#endif
