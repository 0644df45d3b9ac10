/* fuzz_idx.c: libFuzzer harness for the IDX decoder, whole and by row range. */
#include <stddef.h>
#include <stdint.h>

#include "engram/idx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eg_array *a = NULL;
    eg_error err;
    eg_idx_type type;
    if (eg_idx_parse(data, size, "fuzz.idx", &a, &type, &err) == EG_OK) {
        volatile double sum = 0;
        for (size_t k = 0; k < a->size; k++)
            sum += a->data[k];
        (void)sum;
        eg_array_free(a);
    }
    /* A row range chosen by the input's last bytes. */
    if (size >= 2) {
        size_t first = data[size - 2] % 4, count = data[size - 1] % 4;
        if (eg_idx_parse_rows(data, size, "fuzz.idx", first, count, &a, &type, &err) == EG_OK) {
            volatile double sum = 0;
            for (size_t k = 0; k < a->size; k++)
                sum += a->data[k];
            (void)sum;
            eg_array_free(a);
        }
    }
    return 0;
}
