#ifndef CARELOG_CLMDB_SHIM_H
#define CARELOG_CLMDB_SHIM_H
#include <lmdb.h>
#endif
