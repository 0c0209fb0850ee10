// Strict UTF-8 check for strings returned to Swift: a rule that cuts a character in half
// (string.sub on Chinese text) should fail loudly, not be repaired into U+FFFD.
#include "CLuaSandbox.h"

int lsb_is_utf8(const char *text, size_t length) {
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < length) {
        unsigned char c = s[i];
        size_t extra;
        unsigned char low = 0x80, high = 0xBF;  /* bounds of the first continuation byte */
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            if (c == 0xE0) low = 0xA0;        /* overlong */
            else if (c == 0xED) high = 0x9F;  /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            if (c == 0xF0) low = 0x90;        /* overlong */
            else if (c == 0xF4) high = 0x8F;  /* past U+10FFFF */
        } else {
            return 0;
        }
        if (length - i <= extra || s[i + 1] < low || s[i + 1] > high)
            return 0;
        for (size_t k = 2; k <= extra; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
        i += extra + 1;
    }
    return 1;
}
