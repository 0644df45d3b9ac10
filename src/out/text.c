/* text.c: a result tree as text for people: each result's "text" line. */
#include <stdio.h>

#include "out/out.h"

/* The "text" member of r, then those below it, depth first. */
static void print_text_lines(const eg_report *r, FILE *out)
{
    const eg_report *text = eg_report_get(r, "text");
    if (text && text->kind == EG_REPORT_STRING)
        fprintf(out, "%s\n", text->string);
    for (size_t i = 0; i < r->n; i++)
        if (r->kids[i]->kind == EG_REPORT_OBJECT || r->kids[i]->kind == EG_REPORT_ARRAY)
            print_text_lines(r->kids[i], out);
}

void eg_out_print_text(const eg_report *report, FILE *out)
{
    print_text_lines(report, out);
}
