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

/* Opens path (.npz or .safetensors) and reads the cell the layout describes.
 * A missing key, a shape that is not the one expected (a transposed matrix),
 * or a further layer names the key and the shape expected (EG_EPARSE); a file
 * that cannot be read is EG_EIO. */
eg_status eg_cell_load(const char *path, const eg_layout *layout, const char *prefix, eg_cell **out, eg_error *err);

#endif
