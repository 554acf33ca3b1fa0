// Unit tests never start a SystemC simulation; libsystemc still wants an
// sc_main symbol to link, and GoogleTest provides main().
#include <systemc>

int sc_main(int, char*[]) { return 0; }
