// Only a header is needed (the declaration of libFuzzer's driver); SwiftPM wants one source file.
#include "FuzzSupport.h"
