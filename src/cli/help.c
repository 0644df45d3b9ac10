/* help.c: `engram help [TOPIC]`: topics written here, and every block kind's
 * keys drawn from the same schema tables the checker uses. The man page is
 * rendered from the same texts (man.c). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "engram/status.h"
#include "run/run.h"

static const char language_help[] =
    "A model file is a list of statements:\n"
    "\n"
    "  param NAME = EXPR            a value the file uses; override with -D NAME=VALUE\n"
    "  include \"other.engram\"       statements of another file (relative to this one)\n"
    "  KIND [NAME] { KEY = EXPR }   a block: memories, network, recall, ...\n"
    "  sweep NAME in EXPR           run once per value of a param (a list, a .. b step s,\n"
    "                               or geomspace(a, b, n)); several sweeps form a grid\n"
    "  sweep A, B in zip(EA, EB)    params that move together, their i-th values at once\n"
    "\n"
    "Entries end at a newline or ';'. '#' starts a comment. Expressions: numbers,\n"
    "\"strings\", names, M[i], calls f(a, name = b), lists [a, b], ranges a .. b step s,\n"
    "+ - * / ^ and parentheses; exp, log, log10, sqrt, tanh, sin, cos, abs, floor, ceil,\n"
    "round, min, max, pow and geomspace are computed before the run.\n"
    "\n"
    "'engram sweep FILE -o DIR' runs every point on all cores into one table\n"
    "(docs/sweeps.md): trials are a sweep over a param used nowhere else.\n"
    "\n"
    "'engram help KIND' lists a block kind's keys. The reference is docs/language.md.\n";

static const char exit_codes_help[] =
    "engram's exit codes:\n"
    "  0  success\n"
    "  1  the model file has errors (syntax, unknown keys, wrong types, bad references)\n"
    "  2  the command line is wrong\n"
    "  3  a run failed numerically (divergence, a solver that gave up), or points of a sweep failed\n"
    "  4  a file could not be read or written\n"
    "  5  out of memory or an internal failure\n";

const eg_help_topic eg_help_topics[] = {
    {"language", "the model language in brief", language_help},
    {"exit-codes", "what engram's exit codes mean", exit_codes_help},
    {NULL, NULL, NULL},
};

static void type_text(const eg_type *t, char *buf, size_t len)
{
    if (t->kind == EG_TY_WORD) {
        size_t n = 0;
        for (size_t i = 0; t->words[i] && n < len; i++)
            n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? " | " : "", t->words[i]);
        return;
    }
    if (t->kind == EG_TY_CALL) {
        size_t n = 0;
        for (size_t i = 0; t->calls[i] && n < len; i++)
            n += (size_t)snprintf(buf + n, len - n, "%s%s(...)", i ? " | " : "", t->calls[i]->name);
        return;
    }
    if (t->kind == EG_TY_REF && !t->ref_kind && t->what) {
        snprintf(buf, len, "%s", t->what);
        return;
    }
    if (t->kind == EG_TY_REF) {
        snprintf(buf, len, "a %s block%s", t->ref_kind ? t->ref_kind : "", t->ref_item == EG_REF_ITEM ? " item, X[i]" : "");
        return;
    }
    snprintf(buf, len, "%s", t->what ? t->what : "a value");
}

static void print_keys(FILE *out, const eg_schema *s, int indent)
{
    size_t count = eg_schema_key_count(s);
    for (size_t i = 0; i < count; i++) {
        const eg_key *k = eg_schema_key_at(s, i);
        char type[512], def[128] = "";
        type_text(k->type, type, sizeof type);
        if (k->required)
            snprintf(def, sizeof def, " (required)");
        else if (k->def_word)
            snprintf(def, sizeof def, " (default %s)", k->def_word);
        else if ((k->type->kind == EG_TY_NUMBER || k->type->kind == EG_TY_INTEGER) && !isnan(k->def_num))
            snprintf(def, sizeof def, " (default %g)", k->def_num); /* NaN: a default that depends on other keys */
        fprintf(out, "%*s%-10s %s%s\n%*s%10s %s\n", indent, "", k->name, k->doc ? k->doc : "", def, indent, "", "", type);
    }
}

void eg_cli_print_kind(FILE *out, const eg_schema *s)
{
    fprintf(out, "%s%s%s: %s\n\nkeys:\n", s->family ? s->family : "", s->family ? " " : "", s->name, s->doc);
    print_keys(out, s, 2);
    size_t count = eg_schema_key_count(s);
    for (size_t ki = 0; ki < count; ki++) {
        const eg_key *k = eg_schema_key_at(s, ki);
        const eg_type *t = k->type;
        const eg_type *calls = t->kind == EG_TY_CALL ? t : NULL;
        if (t->kind == EG_TY_ONEOF)
            for (size_t i = 0; t->alts[i]; i++)
                if (t->alts[i]->kind == EG_TY_CALL)
                    calls = t->alts[i];
        if (t->kind == EG_TY_LIST && t->elem->kind == EG_TY_CALL)
            calls = t->elem;
        for (size_t i = 0; calls && calls->calls[i]; i++) {
            fprintf(out, "\n  %s = %s(...): %s\n", k->name, calls->calls[i]->name, calls->calls[i]->doc);
            print_keys(out, calls->calls[i], 4);
        }
    }
}

int eg_cli_help(int argc, char **argv)
{
    if (argc == 0) {
        eg_cli_usage(stdout);
        fputs("\nhelp topics: language, exit-codes, kinds, and each block kind:", stdout);
        for (size_t i = 0; eg_kinds[i]; i++)
            printf(" %s", eg_kinds[i]->schema->name);
        fputs("\n", stdout);
        return EG_EXIT_OK;
    }
    const char *topic = argv[0];
    if (strcmp(topic, "--man") == 0) {
        eg_cli_print_man(stdout);
        return EG_EXIT_OK;
    }
    for (size_t i = 0; eg_help_topics[i].name; i++) {
        if (strcmp(topic, eg_help_topics[i].name) == 0) {
            fputs(eg_help_topics[i].text, stdout);
            return EG_EXIT_OK;
        }
    }
    if (strcmp(topic, "kinds") == 0) {
        for (size_t i = 0; eg_kinds[i]; i++)
            printf("%-22s %s\n", eg_kinds[i]->schema->name, eg_kinds[i]->schema->doc);
        return EG_EXIT_OK;
    }
    for (size_t i = 0; eg_kinds[i]; i++) {
        if (strcmp(topic, eg_kinds[i]->schema->name) == 0) {
            eg_cli_print_kind(stdout, eg_kinds[i]->schema);
            return EG_EXIT_OK;
        }
    }
    return eg_cli_usage_error("no help on '%s'; try 'engram help'", topic);
}
