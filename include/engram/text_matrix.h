/* engram/text_matrix.h: numeric matrices as whitespace-separated text, as numpy.savetxt writes them. */
#ifndef ENGRAM_TEXT_MATRIX_H
#define ENGRAM_TEXT_MATRIX_H

#include <stddef.h>

#include "engram/matrix.h"
#include "engram/status.h"

/* Parses text[0..len) as numpy.savetxt writes it by default (and numpy.loadtxt
 * reads it): one row per line, fields separated by runs of spaces or tabs,
 * '\n' or "\r\n" line ends; '#' starts a comment to the end of the line, and
 * lines left blank are skipped. Numbers are decimal ("1", "-2.5e-03",
 * "1.000000000000000000e+00"), read with '.' whatever the process locale.
 * Every row must have as many fields as the first. A file of one value per
 * line (a 1-d array saved with savetxt) is a column, rows × 1. A ragged row,
 * a non-number, a non-finite value or a text without numbers gives EG_EPARSE
 * with "name:LINE: ..." in the message. *out is new. */
eg_status eg_text_matrix_parse(const char *text, size_t len, const char *name, eg_matrix **out, eg_error *err);

/* Reads the file at path as eg_text_matrix_parse does; EG_EIO when it cannot be read. */
eg_status eg_text_matrix_read(const char *path, eg_matrix **out, eg_error *err);

#endif
