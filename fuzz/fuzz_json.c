/* fuzz_json.c: libFuzzer harness for the JSON writer's string escaping: any
 * bytes must come out as one valid JSON string of valid UTF-8. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engram/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Length of the valid UTF-8 sequence at s (RFC 3629), 0 when invalid. */
static size_t valid_utf8(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t need = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 9;
    if (need == 9 || need >= n)
        return need == 0 ? 1 : 0;
    uint32_t cp = need == 1 ? c & 0x1F : need == 2 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k <= need; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[k] & 0x3F);
    }
    static const uint32_t min_cp[4] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[need] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return need + 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eg_json *j = eg_json_alloc(0);
    if (!j)
        return 0;
    eg_json_string_n(j, (const char *)data, size);
    eg_error err;
    if (eg_json_finish(j, &err) != EG_OK)
        abort();
    size_t len = 0;
    const unsigned char *t = (const unsigned char *)eg_json_text(j, &len);
    if (len < 2 || t[0] != '"' || t[len - 1] != '"')
        abort();
    for (size_t i = 1; i < len - 1;) {
        if (t[i] < 0x20)
            abort(); /* raw control character */
        if (t[i] == '"')
            abort(); /* unescaped quote ends the string early */
        if (t[i] == '\\') {
            if (i + 1 >= len - 1 || !strchr("\"\\nrtbfu", t[i + 1]))
                abort();
            i += t[i + 1] == 'u' ? 6 : 2;
            continue;
        }
        size_t n = valid_utf8(t + i, len - 1 - i);
        if (n == 0)
            abort();
        i += n;
    }
    eg_json_free(j);
    return 0;
}
