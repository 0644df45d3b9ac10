/* compile.h: the step of `engram check` after the schemas: every block of a
 * checked model compiled into its typed spec, every cross-key and cross-block
 * problem reported, located at the key that is wrong, before anything runs. */
#ifndef ENGRAM_RUN_COMPILE_H
#define ENGRAM_RUN_COMPILE_H

#include <stddef.h>

#include "lang/diag.h"
#include "lang/model.h"
#include "run/spec.h"

/* A compiled model: the checked model (owned) and one spec per block (NULL
 * for kinds that have no compile step). */
typedef struct eg_program eg_program;

/* Compiles every block of model in file order. Takes ownership of model (freed
 * on failure too). Returns the program, or NULL with every problem in diags. */
eg_program *eg_program_compile(eg_model *model, eg_diag_list *diags);
void eg_program_free(eg_program *prog);

const eg_model *eg_program_model(const eg_program *prog);
/* The spec of one of the model's blocks (NULL when its kind compiles none). */
const eg_spec *eg_program_spec(const eg_program *prog, const eg_block *block);

/* What a kind's compile function is handed. */
typedef struct eg_compile eg_compile;

/* The spec of a block, compiled first if it was not yet (a definition named
 * by a reference is compiled before the block that refers to it). NULL when
 * that block has errors (already reported: the caller reports nothing more)
 * or its kind compiles no spec. */
const eg_spec *eg_compile_block(eg_compile *c, const eg_block *block);
/* The same for the block a reference value (M, M[0], hop) names. */
const eg_spec *eg_compile_ref(eg_compile *c, const eg_value *ref);

/* The memories block a reference names (M or M[i]), compiled; for M[i],
 * reports an index past the episodes' count (when the count is known at
 * check) at the reference. NULL when that block has errors. */
const eg_memories_spec *eg_compile_memories(eg_compile *c, const eg_value *ref);
/* The network block a reference names, compiled (NULL when it has errors). */
const eg_network_spec *eg_compile_network(eg_compile *c, const eg_value *ref);
/* The same for a block that needs continuous-time dynamics (a rate network
 * or a sequence memory): any other network is reported at the reference,
 * with `use` saying what the block does with it ("simulate integrates a
 * continuous-time network"). */
const eg_network_spec *eg_compile_continuous_network(eg_compile *c, const eg_value *ref, const char *use);

/* Zeroed memory that lives as long as the program (NULL when out of memory,
 * which is reported). */
void *eg_compile_alloc(eg_compile *c, size_t size);
/* Runs free_fn(obj) when the program is freed (for objects a spec owns on the
 * heap); when out of memory, obj is freed at once and 0 returned. */
int eg_compile_own(eg_compile *c, void *obj, void (*free_fn)(void *));

/* Reports an error at loc; the block being compiled then has no spec. */
void eg_compile_error(eg_compile *c, eg_loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A note attached to the last error (a hint, or where something was defined). */
void eg_compile_note(eg_compile *c, eg_loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The number of errors reported so far (to tell whether a step added any). */
size_t eg_compile_errors(const eg_compile *c);

const eg_model *eg_compile_model(const eg_compile *c);

/* ---- Memory --------------------------------------------------------------
 * Every large array a model implies (episodes, weights, states, records,
 * loaded files, sweep tables) is estimated while compiling and refused over
 * the memory limit, at the key responsible, before anything is allocated. */

/* The memory limit in bytes: the value set, or by default 3/4 of the
 * machine's physical memory. */
double eg_memory_limit(void);
/* Sets the limit (bytes > 0), or restores the default (0). */
void eg_memory_limit_set(double bytes);
/* bytes as people read them: "512 B", "3.2 KiB", "105.8 GiB" (binary units). */
void eg_format_bytes(double bytes, char *buf, size_t len);
/* Reads a size as --memory-limit takes it: a number of bytes with an optional
 * unit K, M, G or T (also KB, KiB, ...; all powers of 1024), e.g. "512M",
 * "1.5G". 1 with *bytes set (> 0), 0 when the text is not such a size. */
int eg_parse_bytes(const char *text, double *bytes);

/* An array of `bytes` that `what` (e.g. "the weights W (115000 × 115000
 * doubles)") would allocate, for the key at loc: reported at loc with its size
 * when over the memory limit. Returns 1 when it fits, 0 when reported. */
int eg_compile_memory(eg_compile *c, eg_loc loc, double bytes, const char *what, ...)
    __attribute__((format(printf, 4, 5)));
/* The same for the array a data file holds, from its header alone, for a file
 * named by the string value `file` (relative to the model file) that exists
 * and is a .npy file; other files are seen when read. */
void eg_compile_memory_file(eg_compile *c, const eg_value *file);

#endif
