/* fuzz_npy.c: libFuzzer harness for the .npy decoder. */
#include <stddef.h>
#include <stdint.h>

#include "engram/npy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eg_array *a = NULL;
    eg_error err;
    if (eg_npy_parse(data, size, "fuzz.npy", &a, &err) == EG_OK) {
        /* Touch every value so the sanitizers see any out-of-bounds result. */
        volatile double sum = 0;
        for (size_t k = 0; k < a->size; k++)
            sum += a->data[k];
        (void)sum;
        eg_array_free(a);
    }
    return 0;
}
