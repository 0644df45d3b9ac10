# Finds engram's dependencies; a missing one stops configuration and names the
# Debian package that provides it.

function(engram_require_header var header package)
  find_path(${var} ${header} PATH_SUFFIXES x86_64-linux-gnu aarch64-linux-gnu openblas)
  if(NOT ${var})
    message(FATAL_ERROR "engram needs ${header}: install the Debian package '${package}' (apt-get install ${package})")
  endif()
endfunction()

function(engram_require_library var name package)
  find_library(${var} NAMES ${name})
  if(NOT ${var})
    message(FATAL_ERROR "engram needs lib${name}: install the Debian package '${package}' (apt-get install ${package})")
  endif()
endfunction()

find_package(BISON 3.0)
if(NOT BISON_FOUND)
  message(FATAL_ERROR "engram needs bison: install the Debian package 'bison'")
endif()
find_package(FLEX 2.6)
if(NOT FLEX_FOUND)
  message(FATAL_ERROR "engram needs flex: install the Debian package 'flex'")
endif()

engram_require_header(ENGRAM_GSL_INCLUDE gsl/gsl_odeiv2.h libgsl-dev)
engram_require_library(ENGRAM_GSL_LIB gsl libgsl-dev)
engram_require_header(ENGRAM_LAPACKE_INCLUDE lapacke.h liblapacke-dev)
engram_require_library(ENGRAM_LAPACKE_LIB lapacke liblapacke-dev)
engram_require_header(ENGRAM_CBLAS_INCLUDE cblas.h libopenblas-dev)
# OpenBLAS provides CBLAS (and LAPACK underneath LAPACKE); GSL's own slow
# gslcblas is deliberately not linked so GSL's BLAS calls go to OpenBLAS too.
engram_require_library(ENGRAM_OPENBLAS_LIB openblas libopenblas-dev)
# engram does not link OpenBLAS or LAPACKE: src/core/blas_shim.c opens them on
# a run's first BLAS or LAPACKE call (most runs make none), by these names.
set(ENGRAM_BLAS_SONAME "libopenblas.so.0" CACHE STRING "OpenBLAS library engram opens on first use")
set(ENGRAM_LAPACKE_SONAME "liblapacke.so.3" CACHE STRING "LAPACKE library engram opens on first use")

# zlib inflates the deflated members of .npz archives (numpy.savez_compressed):
# the reference inflate, kept by every distribution, rather than one of our own.
engram_require_header(ENGRAM_ZLIB_INCLUDE zlib.h zlib1g-dev)
engram_require_library(ENGRAM_ZLIB_LIB z zlib1g-dev)

# ARPACK (arpack-ng): the rightmost eigenvalues of a large continuation's
# Jacobian by implicitly restarted Arnoldi (src/dyn/cont_eigen.c); opened on
# first use like OpenBLAS, so that its BLAS and LAPACK are not loaded at start.
engram_require_header(ENGRAM_ARPACK_INCLUDE arpack/arpack.h libarpack2-dev)
engram_require_library(ENGRAM_ARPACK_LIB arpack libarpack2-dev)
set(ENGRAM_ARPACK_SONAME "libarpack.so.2" CACHE STRING "ARPACK library engram opens on first use")

find_package(Threads REQUIRED)

set(ENGRAM_DEP_INCLUDES ${ENGRAM_GSL_INCLUDE} ${ENGRAM_LAPACKE_INCLUDE} ${ENGRAM_CBLAS_INCLUDE} ${ENGRAM_ZLIB_INCLUDE})
set(ENGRAM_DEP_LIBS ${ENGRAM_GSL_LIB} ${ENGRAM_ZLIB_LIB} Threads::Threads ${CMAKE_DL_LIBS} m)

if(ENGRAM_TESTS)
  engram_require_header(ENGRAM_CMOCKA_INCLUDE cmocka.h libcmocka-dev)
  engram_require_library(ENGRAM_CMOCKA_LIB cmocka libcmocka-dev)
endif()
