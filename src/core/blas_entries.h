/* blas_entries.h: one row per BLAS, LAPACKE or ARPACK entry point that engram
 * or GSL calls, for blas_shim.c. The cblas rows are every cblas_* function GSL
 * imports (a superset of engram's own), so that GSL's BLAS calls reach
 * OpenBLAS as they always have; the LAPACKE rows are those engram calls.
 * A new call to an entry point not listed here fails to link: add its row,
 * the prototype copied from cblas.h or lapacke.h.
 *
 * EG_BLAS_CALL(library, return type, name, (parameters), (arguments))
 * EG_BLAS_VOID(library, name, (parameters), (arguments)) */
EG_BLAS_CALL(EG_LIB_BLAS, char*, openblas_get_config,
             (void),
             ())
EG_BLAS_VOID(EG_LIB_BLAS, cblas_caxpy,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *x, OPENBLAS_CONST blasint incx, void *y, OPENBLAS_CONST blasint incy),
             (n, alpha, x, incx, y, incy))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_ccopy,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST void *x, OPENBLAS_CONST blasint incx, void *y, OPENBLAS_CONST blasint incy),
             (n, x, incx, y, incy))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_cdotc_sub,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST void *x, OPENBLAS_CONST blasint incx, OPENBLAS_CONST void *y, OPENBLAS_CONST blasint incy, void *ret),
             (n, x, incx, y, incy, ret))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_cdotu_sub,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST void *x, OPENBLAS_CONST blasint incx, OPENBLAS_CONST void *y, OPENBLAS_CONST blasint incy, void *ret),
             (n, x, incx, y, incy, ret))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_cgemm,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransB, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST blasint K, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST void *B, OPENBLAS_CONST blasint ldb, OPENBLAS_CONST void *beta, void *C, OPENBLAS_CONST blasint ldc),
             (Order, TransA, TransB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_cgemv,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_TRANSPOSE trans, OPENBLAS_CONST blasint m, OPENBLAS_CONST blasint n, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *a, OPENBLAS_CONST blasint lda, OPENBLAS_CONST void *x, OPENBLAS_CONST blasint incx, OPENBLAS_CONST void *beta, void *y, OPENBLAS_CONST blasint incy),
             (order, trans, m, n, alpha, a, lda, x, incx, beta, y, incy))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_cgerc,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *X, OPENBLAS_CONST blasint incX, OPENBLAS_CONST void *Y, OPENBLAS_CONST blasint incY, void *A, OPENBLAS_CONST blasint lda),
             (order, M, N, alpha, X, incX, Y, incY, A, lda))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_cgeru,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *X, OPENBLAS_CONST blasint incX, OPENBLAS_CONST void *Y, OPENBLAS_CONST blasint incY, void *A, OPENBLAS_CONST blasint lda),
             (order, M, N, alpha, X, incX, Y, incY, A, lda))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_chemm,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_SIDE Side, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST void *B, OPENBLAS_CONST blasint ldb, OPENBLAS_CONST void *beta, void *C, OPENBLAS_CONST blasint ldc),
             (Order, Side, Uplo, M, N, alpha, A, lda, B, ldb, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_chemv,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST void *X, OPENBLAS_CONST blasint incX, OPENBLAS_CONST void *beta, void *Y, OPENBLAS_CONST blasint incY),
             (order, Uplo, N, alpha, A, lda, X, incX, beta, Y, incY))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_cher,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST blasint N, OPENBLAS_CONST float alpha, OPENBLAS_CONST void *X, OPENBLAS_CONST blasint incX, void *A, OPENBLAS_CONST blasint lda),
             (order, Uplo, N, alpha, X, incX, A, lda))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_cher2,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *X, OPENBLAS_CONST blasint incX, OPENBLAS_CONST void *Y, OPENBLAS_CONST blasint incY, void *A, OPENBLAS_CONST blasint lda),
             (order, Uplo, N, alpha, X, incX, Y, incY, A, lda))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_cher2k,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE Trans, OPENBLAS_CONST blasint N, OPENBLAS_CONST blasint K, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST void *B, OPENBLAS_CONST blasint ldb, OPENBLAS_CONST float beta, void *C, OPENBLAS_CONST blasint ldc),
             (Order, Uplo, Trans, N, K, alpha, A, lda, B, ldb, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_cherk,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE Trans, OPENBLAS_CONST blasint N, OPENBLAS_CONST blasint K, OPENBLAS_CONST float alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST float beta, void *C, OPENBLAS_CONST blasint ldc),
             (Order, Uplo, Trans, N, K, alpha, A, lda, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_cscal,
             (OPENBLAS_CONST blasint N, OPENBLAS_CONST void *alpha, void *X, OPENBLAS_CONST blasint incX),
             (N, alpha, X, incX))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_csscal,
             (OPENBLAS_CONST blasint N, OPENBLAS_CONST float alpha, void *X, OPENBLAS_CONST blasint incX),
             (N, alpha, X, incX))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_cswap,
             (OPENBLAS_CONST blasint n, void *x, OPENBLAS_CONST blasint incx, void *y, OPENBLAS_CONST blasint incy),
             (n, x, incx, y, incy))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_csymm,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_SIDE Side, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST void *B, OPENBLAS_CONST blasint ldb, OPENBLAS_CONST void *beta, void *C, OPENBLAS_CONST blasint ldc),
             (Order, Side, Uplo, M, N, alpha, A, lda, B, ldb, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_csyr2k,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE Trans, OPENBLAS_CONST blasint N, OPENBLAS_CONST blasint K, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST void *B, OPENBLAS_CONST blasint ldb, OPENBLAS_CONST void *beta, void *C, OPENBLAS_CONST blasint ldc),
             (Order, Uplo, Trans, N, K, alpha, A, lda, B, ldb, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_csyrk,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE Trans, OPENBLAS_CONST blasint N, OPENBLAS_CONST blasint K, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST void *beta, void *C, OPENBLAS_CONST blasint ldc),
             (Order, Uplo, Trans, N, K, alpha, A, lda, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_ctrmm,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_SIDE Side, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_DIAG Diag, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, void *B, OPENBLAS_CONST blasint ldb),
             (Order, Side, Uplo, TransA, Diag, M, N, alpha, A, lda, B, ldb))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_ctrmv,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_DIAG Diag, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, void *X, OPENBLAS_CONST blasint incX),
             (order, Uplo, TransA, Diag, N, A, lda, X, incX))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_ctrsm,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_SIDE Side, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_DIAG Diag, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, void *B, OPENBLAS_CONST blasint ldb),
             (Order, Side, Uplo, TransA, Diag, M, N, alpha, A, lda, B, ldb))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_ctrsv,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_DIAG Diag, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, void *X, OPENBLAS_CONST blasint incX),
             (order, Uplo, TransA, Diag, N, A, lda, X, incX))
EG_BLAS_CALL(EG_LIB_BLAS, double, cblas_dasum,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST double *x, OPENBLAS_CONST blasint incx),
             (n, x, incx))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_daxpy,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST double alpha, OPENBLAS_CONST double *x, OPENBLAS_CONST blasint incx, double *y, OPENBLAS_CONST blasint incy),
             (n, alpha, x, incx, y, incy))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_dcopy,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST double *x, OPENBLAS_CONST blasint incx, double *y, OPENBLAS_CONST blasint incy),
             (n, x, incx, y, incy))
EG_BLAS_CALL(EG_LIB_BLAS, double, cblas_ddot,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST double *x, OPENBLAS_CONST blasint incx, OPENBLAS_CONST double *y, OPENBLAS_CONST blasint incy),
             (n, x, incx, y, incy))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_dgemm,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransB, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST blasint K, OPENBLAS_CONST double alpha, OPENBLAS_CONST double *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST double *B, OPENBLAS_CONST blasint ldb, OPENBLAS_CONST double beta, double *C, OPENBLAS_CONST blasint ldc),
             (Order, TransA, TransB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_dgemv,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_TRANSPOSE trans, OPENBLAS_CONST blasint m, OPENBLAS_CONST blasint n, OPENBLAS_CONST double alpha, OPENBLAS_CONST double *a, OPENBLAS_CONST blasint lda, OPENBLAS_CONST double *x, OPENBLAS_CONST blasint incx, OPENBLAS_CONST double beta, double *y, OPENBLAS_CONST blasint incy),
             (order, trans, m, n, alpha, a, lda, x, incx, beta, y, incy))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_dger,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST double alpha, OPENBLAS_CONST double *X, OPENBLAS_CONST blasint incX, OPENBLAS_CONST double *Y, OPENBLAS_CONST blasint incY, double *A, OPENBLAS_CONST blasint lda),
             (order, M, N, alpha, X, incX, Y, incY, A, lda))
EG_BLAS_CALL(EG_LIB_BLAS, double, cblas_dnrm2,
             (OPENBLAS_CONST blasint N, OPENBLAS_CONST double *X, OPENBLAS_CONST blasint incX),
             (N, X, incX))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_drot,
             (OPENBLAS_CONST blasint N, double *X, OPENBLAS_CONST blasint incX, double *Y, OPENBLAS_CONST blasint incY, OPENBLAS_CONST double c, OPENBLAS_CONST double s),
             (N, X, incX, Y, incY, c, s))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_drotg,
             (double *a, double *b, double *c, double *s),
             (a, b, c, s))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_drotm,
             (OPENBLAS_CONST blasint N, double *X, OPENBLAS_CONST blasint incX, double *Y, OPENBLAS_CONST blasint incY, OPENBLAS_CONST double *P),
             (N, X, incX, Y, incY, P))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_drotmg,
             (double *d1, double *d2, double *b1, OPENBLAS_CONST double b2, double *P),
             (d1, d2, b1, b2, P))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_dscal,
             (OPENBLAS_CONST blasint N, OPENBLAS_CONST double alpha, double *X, OPENBLAS_CONST blasint incX),
             (N, alpha, X, incX))
EG_BLAS_CALL(EG_LIB_BLAS, double, cblas_dsdot,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST float *x, OPENBLAS_CONST blasint incx, OPENBLAS_CONST float *y, OPENBLAS_CONST blasint incy),
             (n, x, incx, y, incy))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_dswap,
             (OPENBLAS_CONST blasint n, double *x, OPENBLAS_CONST blasint incx, double *y, OPENBLAS_CONST blasint incy),
             (n, x, incx, y, incy))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_dsymm,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_SIDE Side, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST double alpha, OPENBLAS_CONST double *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST double *B, OPENBLAS_CONST blasint ldb, OPENBLAS_CONST double beta, double *C, OPENBLAS_CONST blasint ldc),
             (Order, Side, Uplo, M, N, alpha, A, lda, B, ldb, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_dsymv,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST blasint N, OPENBLAS_CONST double alpha, OPENBLAS_CONST double *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST double *X, OPENBLAS_CONST blasint incX, OPENBLAS_CONST double beta, double *Y, OPENBLAS_CONST blasint incY),
             (order, Uplo, N, alpha, A, lda, X, incX, beta, Y, incY))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_dsyr,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST blasint N, OPENBLAS_CONST double alpha, OPENBLAS_CONST double *X, OPENBLAS_CONST blasint incX, double *A, OPENBLAS_CONST blasint lda),
             (order, Uplo, N, alpha, X, incX, A, lda))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_dsyr2,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST blasint N, OPENBLAS_CONST double alpha, OPENBLAS_CONST double *X, OPENBLAS_CONST blasint incX, OPENBLAS_CONST double *Y, OPENBLAS_CONST blasint incY, double *A, OPENBLAS_CONST blasint lda),
             (order, Uplo, N, alpha, X, incX, Y, incY, A, lda))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_dsyr2k,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE Trans, OPENBLAS_CONST blasint N, OPENBLAS_CONST blasint K, OPENBLAS_CONST double alpha, OPENBLAS_CONST double *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST double *B, OPENBLAS_CONST blasint ldb, OPENBLAS_CONST double beta, double *C, OPENBLAS_CONST blasint ldc),
             (Order, Uplo, Trans, N, K, alpha, A, lda, B, ldb, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_dsyrk,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE Trans, OPENBLAS_CONST blasint N, OPENBLAS_CONST blasint K, OPENBLAS_CONST double alpha, OPENBLAS_CONST double *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST double beta, double *C, OPENBLAS_CONST blasint ldc),
             (Order, Uplo, Trans, N, K, alpha, A, lda, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_dtbsv,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_DIAG Diag, OPENBLAS_CONST blasint N, OPENBLAS_CONST blasint K, OPENBLAS_CONST double *A, OPENBLAS_CONST blasint lda, double *X, OPENBLAS_CONST blasint incX),
             (order, Uplo, TransA, Diag, N, K, A, lda, X, incX))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_dtrmm,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_SIDE Side, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_DIAG Diag, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST double alpha, OPENBLAS_CONST double *A, OPENBLAS_CONST blasint lda, double *B, OPENBLAS_CONST blasint ldb),
             (Order, Side, Uplo, TransA, Diag, M, N, alpha, A, lda, B, ldb))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_dtrmv,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_DIAG Diag, OPENBLAS_CONST blasint N, OPENBLAS_CONST double *A, OPENBLAS_CONST blasint lda, double *X, OPENBLAS_CONST blasint incX),
             (order, Uplo, TransA, Diag, N, A, lda, X, incX))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_dtrsm,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_SIDE Side, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_DIAG Diag, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST double alpha, OPENBLAS_CONST double *A, OPENBLAS_CONST blasint lda, double *B, OPENBLAS_CONST blasint ldb),
             (Order, Side, Uplo, TransA, Diag, M, N, alpha, A, lda, B, ldb))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_dtrsv,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_DIAG Diag, OPENBLAS_CONST blasint N, OPENBLAS_CONST double *A, OPENBLAS_CONST blasint lda, double *X, OPENBLAS_CONST blasint incX),
             (order, Uplo, TransA, Diag, N, A, lda, X, incX))
EG_BLAS_CALL(EG_LIB_BLAS, double, cblas_dzasum,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST void *x, OPENBLAS_CONST blasint incx),
             (n, x, incx))
EG_BLAS_CALL(EG_LIB_BLAS, double, cblas_dznrm2,
             (OPENBLAS_CONST blasint N, OPENBLAS_CONST void *X, OPENBLAS_CONST blasint incX),
             (N, X, incX))
EG_BLAS_CALL(EG_LIB_BLAS, CBLAS_INDEX, cblas_icamax,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST void *x, OPENBLAS_CONST blasint incx),
             (n, x, incx))
EG_BLAS_CALL(EG_LIB_BLAS, CBLAS_INDEX, cblas_idamax,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST double *x, OPENBLAS_CONST blasint incx),
             (n, x, incx))
EG_BLAS_CALL(EG_LIB_BLAS, CBLAS_INDEX, cblas_isamax,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST float *x, OPENBLAS_CONST blasint incx),
             (n, x, incx))
EG_BLAS_CALL(EG_LIB_BLAS, CBLAS_INDEX, cblas_izamax,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST void *x, OPENBLAS_CONST blasint incx),
             (n, x, incx))
EG_BLAS_CALL(EG_LIB_BLAS, float, cblas_sasum,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST float *x, OPENBLAS_CONST blasint incx),
             (n, x, incx))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_saxpy,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST float alpha, OPENBLAS_CONST float *x, OPENBLAS_CONST blasint incx, float *y, OPENBLAS_CONST blasint incy),
             (n, alpha, x, incx, y, incy))
EG_BLAS_CALL(EG_LIB_BLAS, float, cblas_scasum,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST void *x, OPENBLAS_CONST blasint incx),
             (n, x, incx))
EG_BLAS_CALL(EG_LIB_BLAS, float, cblas_scnrm2,
             (OPENBLAS_CONST blasint N, OPENBLAS_CONST void *X, OPENBLAS_CONST blasint incX),
             (N, X, incX))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_scopy,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST float *x, OPENBLAS_CONST blasint incx, float *y, OPENBLAS_CONST blasint incy),
             (n, x, incx, y, incy))
EG_BLAS_CALL(EG_LIB_BLAS, float, cblas_sdot,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST float *x, OPENBLAS_CONST blasint incx, OPENBLAS_CONST float *y, OPENBLAS_CONST blasint incy),
             (n, x, incx, y, incy))
EG_BLAS_CALL(EG_LIB_BLAS, float, cblas_sdsdot,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST float alpha, OPENBLAS_CONST float *x, OPENBLAS_CONST blasint incx, OPENBLAS_CONST float *y, OPENBLAS_CONST blasint incy),
             (n, alpha, x, incx, y, incy))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_sgemm,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransB, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST blasint K, OPENBLAS_CONST float alpha, OPENBLAS_CONST float *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST float *B, OPENBLAS_CONST blasint ldb, OPENBLAS_CONST float beta, float *C, OPENBLAS_CONST blasint ldc),
             (Order, TransA, TransB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_sgemv,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_TRANSPOSE trans, OPENBLAS_CONST blasint m, OPENBLAS_CONST blasint n, OPENBLAS_CONST float alpha, OPENBLAS_CONST float *a, OPENBLAS_CONST blasint lda, OPENBLAS_CONST float *x, OPENBLAS_CONST blasint incx, OPENBLAS_CONST float beta, float *y, OPENBLAS_CONST blasint incy),
             (order, trans, m, n, alpha, a, lda, x, incx, beta, y, incy))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_sger,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST float alpha, OPENBLAS_CONST float *X, OPENBLAS_CONST blasint incX, OPENBLAS_CONST float *Y, OPENBLAS_CONST blasint incY, float *A, OPENBLAS_CONST blasint lda),
             (order, M, N, alpha, X, incX, Y, incY, A, lda))
EG_BLAS_CALL(EG_LIB_BLAS, float, cblas_snrm2,
             (OPENBLAS_CONST blasint N, OPENBLAS_CONST float *X, OPENBLAS_CONST blasint incX),
             (N, X, incX))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_srot,
             (OPENBLAS_CONST blasint N, float *X, OPENBLAS_CONST blasint incX, float *Y, OPENBLAS_CONST blasint incY, OPENBLAS_CONST float c, OPENBLAS_CONST float s),
             (N, X, incX, Y, incY, c, s))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_srotg,
             (float *a, float *b, float *c, float *s),
             (a, b, c, s))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_srotm,
             (OPENBLAS_CONST blasint N, float *X, OPENBLAS_CONST blasint incX, float *Y, OPENBLAS_CONST blasint incY, OPENBLAS_CONST float *P),
             (N, X, incX, Y, incY, P))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_srotmg,
             (float *d1, float *d2, float *b1, OPENBLAS_CONST float b2, float *P),
             (d1, d2, b1, b2, P))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_sscal,
             (OPENBLAS_CONST blasint N, OPENBLAS_CONST float alpha, float *X, OPENBLAS_CONST blasint incX),
             (N, alpha, X, incX))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_sswap,
             (OPENBLAS_CONST blasint n, float *x, OPENBLAS_CONST blasint incx, float *y, OPENBLAS_CONST blasint incy),
             (n, x, incx, y, incy))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_ssymm,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_SIDE Side, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST float alpha, OPENBLAS_CONST float *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST float *B, OPENBLAS_CONST blasint ldb, OPENBLAS_CONST float beta, float *C, OPENBLAS_CONST blasint ldc),
             (Order, Side, Uplo, M, N, alpha, A, lda, B, ldb, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_ssymv,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST blasint N, OPENBLAS_CONST float alpha, OPENBLAS_CONST float *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST float *X, OPENBLAS_CONST blasint incX, OPENBLAS_CONST float beta, float *Y, OPENBLAS_CONST blasint incY),
             (order, Uplo, N, alpha, A, lda, X, incX, beta, Y, incY))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_ssyr,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST blasint N, OPENBLAS_CONST float alpha, OPENBLAS_CONST float *X, OPENBLAS_CONST blasint incX, float *A, OPENBLAS_CONST blasint lda),
             (order, Uplo, N, alpha, X, incX, A, lda))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_ssyr2,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo,OPENBLAS_CONST blasint N, OPENBLAS_CONST float alpha, OPENBLAS_CONST float *X, OPENBLAS_CONST blasint incX, OPENBLAS_CONST float *Y, OPENBLAS_CONST blasint incY, float *A, OPENBLAS_CONST blasint lda),
             (order, Uplo, N, alpha, X, incX, Y, incY, A, lda))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_ssyr2k,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE Trans, OPENBLAS_CONST blasint N, OPENBLAS_CONST blasint K, OPENBLAS_CONST float alpha, OPENBLAS_CONST float *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST float *B, OPENBLAS_CONST blasint ldb, OPENBLAS_CONST float beta, float *C, OPENBLAS_CONST blasint ldc),
             (Order, Uplo, Trans, N, K, alpha, A, lda, B, ldb, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_ssyrk,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE Trans, OPENBLAS_CONST blasint N, OPENBLAS_CONST blasint K, OPENBLAS_CONST float alpha, OPENBLAS_CONST float *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST float beta, float *C, OPENBLAS_CONST blasint ldc),
             (Order, Uplo, Trans, N, K, alpha, A, lda, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_strmm,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_SIDE Side, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_DIAG Diag, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST float alpha, OPENBLAS_CONST float *A, OPENBLAS_CONST blasint lda, float *B, OPENBLAS_CONST blasint ldb),
             (Order, Side, Uplo, TransA, Diag, M, N, alpha, A, lda, B, ldb))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_strmv,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_DIAG Diag, OPENBLAS_CONST blasint N, OPENBLAS_CONST float *A, OPENBLAS_CONST blasint lda, float *X, OPENBLAS_CONST blasint incX),
             (order, Uplo, TransA, Diag, N, A, lda, X, incX))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_strsm,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_SIDE Side, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_DIAG Diag, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST float alpha, OPENBLAS_CONST float *A, OPENBLAS_CONST blasint lda, float *B, OPENBLAS_CONST blasint ldb),
             (Order, Side, Uplo, TransA, Diag, M, N, alpha, A, lda, B, ldb))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_strsv,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_DIAG Diag, OPENBLAS_CONST blasint N, OPENBLAS_CONST float *A, OPENBLAS_CONST blasint lda, float *X, OPENBLAS_CONST blasint incX),
             (order, Uplo, TransA, Diag, N, A, lda, X, incX))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zaxpy,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *x, OPENBLAS_CONST blasint incx, void *y, OPENBLAS_CONST blasint incy),
             (n, alpha, x, incx, y, incy))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zcopy,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST void *x, OPENBLAS_CONST blasint incx, void *y, OPENBLAS_CONST blasint incy),
             (n, x, incx, y, incy))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zdotc_sub,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST void *x, OPENBLAS_CONST blasint incx, OPENBLAS_CONST void *y, OPENBLAS_CONST blasint incy, void *ret),
             (n, x, incx, y, incy, ret))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zdotu_sub,
             (OPENBLAS_CONST blasint n, OPENBLAS_CONST void *x, OPENBLAS_CONST blasint incx, OPENBLAS_CONST void *y, OPENBLAS_CONST blasint incy, void *ret),
             (n, x, incx, y, incy, ret))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zdscal,
             (OPENBLAS_CONST blasint N, OPENBLAS_CONST double alpha, void *X, OPENBLAS_CONST blasint incX),
             (N, alpha, X, incX))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zgemm,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransB, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST blasint K, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST void *B, OPENBLAS_CONST blasint ldb, OPENBLAS_CONST void *beta, void *C, OPENBLAS_CONST blasint ldc),
             (Order, TransA, TransB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zgemv,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_TRANSPOSE trans, OPENBLAS_CONST blasint m, OPENBLAS_CONST blasint n, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *a, OPENBLAS_CONST blasint lda, OPENBLAS_CONST void *x, OPENBLAS_CONST blasint incx, OPENBLAS_CONST void *beta, void *y, OPENBLAS_CONST blasint incy),
             (order, trans, m, n, alpha, a, lda, x, incx, beta, y, incy))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zgerc,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *X, OPENBLAS_CONST blasint incX, OPENBLAS_CONST void *Y, OPENBLAS_CONST blasint incY, void *A, OPENBLAS_CONST blasint lda),
             (order, M, N, alpha, X, incX, Y, incY, A, lda))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zgeru,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *X, OPENBLAS_CONST blasint incX, OPENBLAS_CONST void *Y, OPENBLAS_CONST blasint incY, void *A, OPENBLAS_CONST blasint lda),
             (order, M, N, alpha, X, incX, Y, incY, A, lda))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zhemm,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_SIDE Side, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST void *B, OPENBLAS_CONST blasint ldb, OPENBLAS_CONST void *beta, void *C, OPENBLAS_CONST blasint ldc),
             (Order, Side, Uplo, M, N, alpha, A, lda, B, ldb, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zhemv,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST void *X, OPENBLAS_CONST blasint incX, OPENBLAS_CONST void *beta, void *Y, OPENBLAS_CONST blasint incY),
             (order, Uplo, N, alpha, A, lda, X, incX, beta, Y, incY))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zher,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST blasint N, OPENBLAS_CONST double alpha, OPENBLAS_CONST void *X, OPENBLAS_CONST blasint incX, void *A, OPENBLAS_CONST blasint lda),
             (order, Uplo, N, alpha, X, incX, A, lda))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zher2,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *X, OPENBLAS_CONST blasint incX, OPENBLAS_CONST void *Y, OPENBLAS_CONST blasint incY, void *A, OPENBLAS_CONST blasint lda),
             (order, Uplo, N, alpha, X, incX, Y, incY, A, lda))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zher2k,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE Trans, OPENBLAS_CONST blasint N, OPENBLAS_CONST blasint K, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST void *B, OPENBLAS_CONST blasint ldb, OPENBLAS_CONST double beta, void *C, OPENBLAS_CONST blasint ldc),
             (Order, Uplo, Trans, N, K, alpha, A, lda, B, ldb, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zherk,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE Trans, OPENBLAS_CONST blasint N, OPENBLAS_CONST blasint K, OPENBLAS_CONST double alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST double beta, void *C, OPENBLAS_CONST blasint ldc),
             (Order, Uplo, Trans, N, K, alpha, A, lda, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zscal,
             (OPENBLAS_CONST blasint N, OPENBLAS_CONST void *alpha, void *X, OPENBLAS_CONST blasint incX),
             (N, alpha, X, incX))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zswap,
             (OPENBLAS_CONST blasint n, void *x, OPENBLAS_CONST blasint incx, void *y, OPENBLAS_CONST blasint incy),
             (n, x, incx, y, incy))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zsymm,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_SIDE Side, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST void *B, OPENBLAS_CONST blasint ldb, OPENBLAS_CONST void *beta, void *C, OPENBLAS_CONST blasint ldc),
             (Order, Side, Uplo, M, N, alpha, A, lda, B, ldb, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zsyr2k,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE Trans, OPENBLAS_CONST blasint N, OPENBLAS_CONST blasint K, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST void *B, OPENBLAS_CONST blasint ldb, OPENBLAS_CONST void *beta, void *C, OPENBLAS_CONST blasint ldc),
             (Order, Uplo, Trans, N, K, alpha, A, lda, B, ldb, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_zsyrk,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE Trans, OPENBLAS_CONST blasint N, OPENBLAS_CONST blasint K, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, OPENBLAS_CONST void *beta, void *C, OPENBLAS_CONST blasint ldc),
             (Order, Uplo, Trans, N, K, alpha, A, lda, beta, C, ldc))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_ztrmm,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_SIDE Side, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_DIAG Diag, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, void *B, OPENBLAS_CONST blasint ldb),
             (Order, Side, Uplo, TransA, Diag, M, N, alpha, A, lda, B, ldb))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_ztrmv,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_DIAG Diag, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, void *X, OPENBLAS_CONST blasint incX),
             (order, Uplo, TransA, Diag, N, A, lda, X, incX))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_ztrsm,
             (OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_SIDE Side, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_DIAG Diag, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *alpha, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, void *B, OPENBLAS_CONST blasint ldb),
             (Order, Side, Uplo, TransA, Diag, M, N, alpha, A, lda, B, ldb))
EG_BLAS_VOID(EG_LIB_BLAS, cblas_ztrsv,
             (OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_UPLO Uplo, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA, OPENBLAS_CONST enum CBLAS_DIAG Diag, OPENBLAS_CONST blasint N, OPENBLAS_CONST void *A, OPENBLAS_CONST blasint lda, void *X, OPENBLAS_CONST blasint incX),
             (order, Uplo, TransA, Diag, N, A, lda, X, incX))
EG_BLAS_CALL(EG_LIB_LAPACKE, lapack_int, LAPACKE_dgeev,
             (int matrix_layout, char jobvl, char jobvr, lapack_int n, double* a, lapack_int lda, double* wr, double* wi, double* vl, lapack_int ldvl, double* vr, lapack_int ldvr),
             (matrix_layout, jobvl, jobvr, n, a, lda, wr, wi, vl, ldvl, vr, ldvr))
EG_BLAS_CALL(EG_LIB_LAPACKE, lapack_int, LAPACKE_dgeqrf,
             (int matrix_layout, lapack_int m, lapack_int n, double* a, lapack_int lda, double* tau),
             (matrix_layout, m, n, a, lda, tau))
EG_BLAS_CALL(EG_LIB_LAPACKE, lapack_int, LAPACKE_dgeqrf_work,
             (int matrix_layout, lapack_int m, lapack_int n, double* a, lapack_int lda, double* tau, double* work, lapack_int lwork),
             (matrix_layout, m, n, a, lda, tau, work, lwork))
EG_BLAS_CALL(EG_LIB_LAPACKE, lapack_int, LAPACKE_dgesdd,
             (int matrix_layout, char jobz, lapack_int m, lapack_int n, double* a, lapack_int lda, double* s, double* u, lapack_int ldu, double* vt, lapack_int ldvt),
             (matrix_layout, jobz, m, n, a, lda, s, u, ldu, vt, ldvt))
EG_BLAS_CALL(EG_LIB_LAPACKE, lapack_int, LAPACKE_dgesv,
             (int matrix_layout, lapack_int n, lapack_int nrhs, double* a, lapack_int lda, lapack_int* ipiv, double* b, lapack_int ldb),
             (matrix_layout, n, nrhs, a, lda, ipiv, b, ldb))
EG_BLAS_CALL(EG_LIB_LAPACKE, lapack_int, LAPACKE_dgesvd,
             (int matrix_layout, char jobu, char jobvt, lapack_int m, lapack_int n, double* a, lapack_int lda, double* s, double* u, lapack_int ldu, double* vt, lapack_int ldvt, double* superb),
             (matrix_layout, jobu, jobvt, m, n, a, lda, s, u, ldu, vt, ldvt, superb))
EG_BLAS_CALL(EG_LIB_LAPACKE, lapack_int, LAPACKE_dgetrf,
             (int matrix_layout, lapack_int m, lapack_int n, double* a, lapack_int lda, lapack_int* ipiv),
             (matrix_layout, m, n, a, lda, ipiv))
EG_BLAS_CALL(EG_LIB_LAPACKE, lapack_int, LAPACKE_dgetrf_work,
             (int matrix_layout, lapack_int m, lapack_int n, double* a, lapack_int lda, lapack_int* ipiv),
             (matrix_layout, m, n, a, lda, ipiv))
EG_BLAS_CALL(EG_LIB_LAPACKE, lapack_int, LAPACKE_dgetrs,
             (int matrix_layout, char trans, lapack_int n, lapack_int nrhs, const double* a, lapack_int lda, const lapack_int* ipiv, double* b, lapack_int ldb),
             (matrix_layout, trans, n, nrhs, a, lda, ipiv, b, ldb))
EG_BLAS_CALL(EG_LIB_LAPACKE, lapack_int, LAPACKE_dgetrs_work,
             (int matrix_layout, char trans, lapack_int n, lapack_int nrhs, const double* a, lapack_int lda, const lapack_int* ipiv, double* b, lapack_int ldb),
             (matrix_layout, trans, n, nrhs, a, lda, ipiv, b, ldb))
EG_BLAS_CALL(EG_LIB_LAPACKE, lapack_int, LAPACKE_dorgqr,
             (int matrix_layout, lapack_int m, lapack_int n, lapack_int k, double* a, lapack_int lda, const double* tau),
             (matrix_layout, m, n, k, a, lda, tau))
EG_BLAS_CALL(EG_LIB_LAPACKE, lapack_int, LAPACKE_dorgqr_work,
             (int matrix_layout, lapack_int m, lapack_int n, lapack_int k, double* a, lapack_int lda, const double* tau, double* work, lapack_int lwork),
             (matrix_layout, m, n, k, a, lda, tau, work, lwork))
EG_BLAS_CALL(EG_LIB_LAPACKE, lapack_int, LAPACKE_dposv_work,
             (int matrix_layout, char uplo, lapack_int n, lapack_int nrhs, double* a, lapack_int lda, double* b, lapack_int ldb),
             (matrix_layout, uplo, n, nrhs, a, lda, b, ldb))
EG_BLAS_CALL(EG_LIB_LAPACKE, lapack_int, LAPACKE_dpotrf,
             (int matrix_layout, char uplo, lapack_int n, double* a, lapack_int lda),
             (matrix_layout, uplo, n, a, lda))
EG_BLAS_CALL(EG_LIB_LAPACKE, lapack_int, LAPACKE_dpotrs,
             (int matrix_layout, char uplo, lapack_int n, lapack_int nrhs, const double* a, lapack_int lda, double* b, lapack_int ldb),
             (matrix_layout, uplo, n, nrhs, a, lda, b, ldb))
EG_BLAS_CALL(EG_LIB_LAPACKE, lapack_int, LAPACKE_dsyevr,
             (int matrix_layout, char jobz, char range, char uplo, lapack_int n, double* a, lapack_int lda, double vl, double vu, lapack_int il, lapack_int iu, double abstol, lapack_int* m, double* w, double* z, lapack_int ldz, lapack_int* isuppz),
             (matrix_layout, jobz, range, uplo, n, a, lda, vl, vu, il, iu, abstol, m, w, z, ldz, isuppz))
EG_BLAS_VOID(EG_LIB_LAPACKE, LAPACKE_ilaver,
             (lapack_int* vers_major, lapack_int* vers_minor, lapack_int* vers_patch),
             (vers_major, vers_minor, vers_patch))
EG_BLAS_VOID(EG_LIB_ARPACK, dnaupd_c,
             (a_int* ido, char const* bmat, a_int n, char const* which, a_int nev, double tol, double* resid, a_int ncv, double* v, a_int ldv, a_int* iparam, a_int* ipntr, double* workd, double* workl, a_int lworkl, a_int* info),
             (ido, bmat, n, which, nev, tol, resid, ncv, v, ldv, iparam, ipntr, workd, workl, lworkl, info))
EG_BLAS_VOID(EG_LIB_ARPACK, dneupd_c,
             (a_int rvec, char const* howmny, a_int const* select, double* dr, double* di, double* z, a_int ldz, double sigmar, double sigmai, double * workev, char const* bmat, a_int n, char const* which, a_int nev, double tol, double* resid, a_int ncv, double* v, a_int ldv, a_int* iparam, a_int* ipntr, double* workd, double* workl, a_int lworkl, a_int* info),
             (rvec, howmny, select, dr, di, z, ldz, sigmar, sigmai, workev, bmat, n, which, nev, tol, resid, ncv, v, ldv, iparam, ipntr, workd, workl, lworkl, info))
