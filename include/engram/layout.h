/* engram/layout.h: where a framework keeps a trained cell's weights in the
 * files it saves, one table row per layout. */
#ifndef ENGRAM_LAYOUT_H
#define ENGRAM_LAYOUT_H

#include "engram/cell.h"
#include "engram/named.h"
#include "engram/status.h"

typedef struct eg_layout {
    const char *name; /* as the command line and model files write it */
    const char *doc;  /* the keys it reads */
    /* Reads the cell whose keys start with prefix ("" for none). */
    eg_status (*load)(const struct eg_layout *self, const eg_named *file, const char *prefix, eg_cell **out,
                      eg_error *err);
    eg_cell_kind kind;
} eg_layout;

/* Every layout engram reads, ending with a row whose name is NULL. */
extern const eg_layout eg_layouts[];

/* The layout called name, or NULL. */
const eg_layout *eg_layout_find(const char *name);

/* The layout whose keys f holds, for a caller that names none: PyTorch's
 * nn.RNN, GRU or LSTM by its weight_hh_l0, whose H columns and H, 3H or 4H
 * rows tell the cell (nn.RNN's tanh and relu keep the same keys: an H-row
 * matrix is taken as tanh, "pytorch-rnn"), PsychRNN's by its W_rec. The keys
 * may sit under a prefix ("rnn."): with `given` non-empty only keys under it
 * are looked at; else the prefix of the one key found is taken. The prefix is
 * copied into prefix (len bytes). No such key, keys of several cells (under
 * different prefixes), or a weight_hh_l0 of another shape are EG_EPARSE, the
 * message listing the layouts engram reads. */
eg_status eg_layout_detect(const eg_named *f, const char *given, const eg_layout **out, char *prefix, size_t len,
                           eg_error *err);

/* Opens path (.npz or .safetensors) and reads the cell the layout describes.
 * A missing key, a shape that is not the one expected (a transposed matrix),
 * or a further layer names the key and the shape expected (EG_EPARSE); a file
 * that cannot be read is EG_EIO. */
eg_status eg_cell_load(const char *path, const eg_layout *layout, const char *prefix, eg_cell **out, eg_error *err);

#endif
