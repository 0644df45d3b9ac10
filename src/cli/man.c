/* man.c: renders the man page engram(1) from the texts `engram --help` and
 * `engram help TOPIC` print, so that the two never disagree. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "run/run.h"

/* Copies text as roff: backslashes doubled, lines that would start a request
 * ('.' or '\'') protected, each line kept as is (.nf regions). */
static void put_roff(FILE *out, const char *text)
{
    int line_start = 1;
    for (const char *p = text; *p; p++) {
        if (line_start && (*p == '.' || *p == '\''))
            fputs("\\&", out);
        if (*p == '\\')
            fputs("\\e", out);
        else
            fputc(*p, out);
        line_start = *p == '\n';
    }
    if (!line_start)
        fputc('\n', out);
}

/* Runs a printer into memory and copies its text as roff. */
static void put_printed(FILE *out, void (*print)(FILE *, const void *), const void *arg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return;
    print(mem, arg);
    fclose(mem);
    put_roff(out, buf);
    free(buf);
}

static void print_usage(FILE *out, const void *arg)
{
    (void)arg;
    eg_cli_usage(out);
}

static void print_kind(FILE *out, const void *arg)
{
    eg_cli_print_kind(out, arg);
}

void eg_cli_print_man(FILE *out)
{
    fprintf(out, ".TH ENGRAM 1 \"\" \"engram %s\" \"User Commands\"\n", ENGRAM_VERSION);
    fputs(".SH NAME\nengram \\- dynamics of episodic memory in recurrent neural networks\n", out);
    fputs(".SH SYNOPSIS\n.B engram\n.I COMMAND\n[\n.I ARGS\n]\n", out);
    fputs(".SH DESCRIPTION\nengram runs models of associative and episodic memory written in its model "
          "language: stored episodes, networks, recall from damaged cues, and the analyses built on them.\n",
          out);
    fputs(".SH USAGE\n.nf\n", out);
    put_printed(out, print_usage, NULL);
    fputs(".fi\n", out);
    for (size_t i = 0; eg_help_topics[i].name; i++) {
        fputs(".SH \"", out);
        for (const char *c = eg_help_topics[i].name; *c; c++)
            fputc(*c == '-' ? ' ' : toupper((unsigned char)*c), out);
        fputs("\"\n.nf\n", out);
        put_roff(out, eg_help_topics[i].text);
        fputs(".fi\n", out);
    }
    fputs(".SH \"BLOCK KINDS\"\n", out);
    for (size_t i = 0; eg_kinds[i]; i++) {
        fputs(".nf\n", out);
        put_printed(out, print_kind, eg_kinds[i]->schema);
        fputs(".fi\n.PP\n", out);
    }
    fputs(".SH \"SEE ALSO\"\nThe documentation under docs/ in engram's sources: language.md (whose Reference "
          "section is the block kinds above, in Markdown, as \\fBengram help \\-\\-reference\\fR prints it), "
          "output.md.\n",
          out);
}
