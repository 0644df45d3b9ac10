/* fuzz_model.c: libFuzzer harness for the model language: scanner, parser,
 * evaluation and schema check against every block kind, the compile step of a
 * model that checks clean, and the diagnostics printer on whatever they
 * reported.
 *
 * Inputs are capped at a few KB, which cannot hold the long chains a
 * generated model has (`1 + 1 + ...` with 10^5 terms, as many `[0]`). So
 * the harness expands repetitions first: "\x1f" COUNT "\x1f" TEXT "\x1f" stands
 * for TEXT written COUNT times (COUNT decimal, up to 300000; the expanded
 * model at most 4 MB). The byte 0x1F is never part of a model, and the
 * fuzzer mutates counts and texts like any other bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/diag.h"
#include "lang/model.h"
#include "lang/parse.h"
#include "run/compile.h"
#include "run/run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPEAT_MARK 0x1f
#define REPEAT_MAX 300000
#define EXPANDED_MAX (4u << 20)

/* Appends n bytes to the buffer *out of *len bytes (capacity EXPANDED_MAX);
 * returns 0 when they do not fit. */
static int put(char *out, size_t *len, const uint8_t *p, size_t n)
{
    if (n > EXPANDED_MAX - *len)
        return 0;
    memcpy(out + *len, p, n);
    *len += n;
    return 1;
}

/* The model text data stands for, repetitions expanded, in out (EXPANDED_MAX
 * bytes); its length. A mark that does not open a whole repetition is kept
 * as it is (the scanner reports it); what does not fit is cut. */
static size_t expand(const uint8_t *data, size_t size, char *out)
{
    size_t len = 0;
    for (size_t i = 0; i < size;) {
        const uint8_t *mid = data[i] == REPEAT_MARK ? memchr(data + i + 1, REPEAT_MARK, size - i - 1) : NULL;
        const uint8_t *end = mid ? memchr(mid + 1, REPEAT_MARK, (size_t)(data + size - mid - 1)) : NULL;
        unsigned long count = 0;
        int digits = end && mid > data + i + 1 && mid - (data + i + 1) <= 6;
        for (const uint8_t *d = data + i + 1; digits && d < mid; d++) {
            digits = *d >= '0' && *d <= '9';
            count = count * 10 + (unsigned long)(*d - '0');
        }
        if (!digits) {
            if (!put(out, &len, data + i, 1))
                break;
            i++;
            continue;
        }
        if (count > REPEAT_MAX)
            count = REPEAT_MAX;
        size_t n = (size_t)(end - mid - 1);
        for (unsigned long k = 0; k < count && put(out, &len, mid + 1, n); k++)
            ;
        i = (size_t)(end - data) + 1;
    }
    return len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *text;
    if (!text && !(text = malloc(EXPANDED_MAX)))
        abort();
    size = expand(data, size, text);
    static FILE *sink;
    if (!sink && !(sink = fopen("/dev/null", "w")))
        abort();
    eg_source_set sources;
    eg_diag_list diags;
    eg_source_set_init(&sources);
    /* Inputs may name any path in an include: never let them read the disk. */
    sources.no_files = 1;
    eg_diag_list_init(&diags);
    eg_ast *ast = eg_parse_text(&sources, "fuzz.engram", text, size, &diags);
    if (ast) {
        size_t syntax_errors = diags.errors;
        eg_model *model = eg_model_check(ast, eg_kind_schemas(), NULL, 0, &diags);
        /* The checker promises never to return a model it found errors in. */
        if (model && diags.errors > syntax_errors)
            abort();
        /* A model that checks clean is compiled too (sizes, indices, the
         * memory estimates): the compile step must refuse, never crash or
         * allocate what it estimates. */
        if (model && diags.errors == 0) {
            eg_memory_limit_set(256.0 * 1024 * 1024);
            eg_program_free(eg_program_compile(model, &diags));
            model = NULL;
        }
        eg_model_free(model);
    }
    /* Whatever went wrong must have been said, unless the text was simply
     * empty of statements: a NULL tree always comes with an error. */
    if (!ast && diags.errors == 0 && !diags.oom)
        abort();
    eg_diag_print(&diags, &sources, sink);
    eg_ast_free(ast);
    eg_diag_list_free(&diags);
    eg_source_set_free(&sources);
    return 0;
}
