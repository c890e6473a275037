// The umbrella header compiles as C++ (extern "C" guards, no C-only constructs).
#include <sharitories/sharitories.h>
int header_alone_cpp(void) { return SHR_OK; }
