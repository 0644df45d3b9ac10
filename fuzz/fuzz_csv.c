/* fuzz_csv.c: libFuzzer harness for the CSV reader, and the writer on what it read. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engram/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eg_csv_table *t = NULL;
    eg_error err;
    unsigned flags = size && (data[0] & 1) ? EG_CSV_ALLOW_NONFINITE : 0;
    if (eg_csv_parse((const char *)data, size, "fuzz.csv", flags, &t, &err) != EG_OK)
        return 0;
    /* What was read must write and read back to the same bits. */
    char *text = NULL;
    size_t len = 0;
    if (eg_csv_format(t->values, (const char *const *)t->names, &text, &len, &err) == EG_OK) {
        eg_csv_table *back = NULL;
        if (eg_csv_parse(text, len, "back.csv", EG_CSV_ALLOW_NONFINITE, &back, &err) != EG_OK)
            abort();
        size_t n = t->values->rows * t->values->cols;
        if (back->values->rows != t->values->rows || back->values->cols != t->values->cols)
            abort();
        for (size_t k = 0; k < n; k++) {
            double a = t->values->data[k], b = back->values->data[k];
            /* Every NaN is written as "nan", so only NaN-ness survives. */
            if (a != a ? b == b : memcmp(&a, &b, sizeof a) != 0)
                abort();
        }
        if ((t->names == NULL) != (back->names == NULL))
            abort();
        for (size_t k = 0; t->names && k < t->values->cols; k++)
            if (strcmp(t->names[k], back->names[k]) != 0)
                abort();
        eg_csv_table_free(back);
        free(text);
    }
    eg_csv_table_free(t);
    return 0;
}
