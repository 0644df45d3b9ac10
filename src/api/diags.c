/* diags.c: diagnostics lists as the library hands them out: one struct per
 * diagnostic (an error's note as its hint) and the GCC-style text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"

void eg_api_diags_free(eg_api_diags *d)
{
    free(d->items);
    free(d->text);
    eg_diag_list_free(&d->list);
    memset(d, 0, sizeof *d);
    eg_diag_list_init(&d->list);
}

/* The text eg_diag_print writes, in memory. */
static char *diag_text(const eg_diag_list *list, const eg_source_set *sources)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    eg_diag_print(list, sources, f);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static eg_api_severity severity_of(eg_severity s)
{
    return s == EG_DIAG_ERROR ? EG_API_ERROR : s == EG_DIAG_WARNING ? EG_API_WARNING : EG_API_NOTE;
}

eg_api_status eg_api_diags_fill(eg_api_diags *d, eg_diag_list *from, const eg_source_set *sources)
{
    memset(d, 0, sizeof *d);
    d->list = *from;
    eg_diag_list_init(from);
    const eg_diag_list *list = &d->list;
    /* A clean run has nothing to print: no stream for it. */
    d->text = list->count == 0 && !list->oom && !list->truncated ? strdup("") : diag_text(list, sources);
    d->items = calloc(list->count + 1, sizeof *d->items);
    if (!d->text || !d->items) {
        eg_api_diags_free(d);
        return EG_API_ENOMEM;
    }
    /* The messages live in list: the caller keeps the list as long as d. */
    for (size_t i = 0; i < list->count; i++) {
        const eg_diag *g = &list->items[i];
        eg_api_diag *a = &d->items[i];
        a->severity = severity_of(g->severity);
        a->file = g->loc.file;
        a->line = g->loc.line;
        a->column = g->loc.col;
        a->message = g->message;
        if (g->severity != EG_DIAG_NOTE && i + 1 < list->count && list->items[i + 1].severity == EG_DIAG_NOTE)
            a->hint = list->items[i + 1].message;
    }
    d->n = list->count;
    return EG_API_OK;
}
