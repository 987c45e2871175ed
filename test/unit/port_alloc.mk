# Port choice for new BIB entries (mod/port_alloc.c), built unchanged.
TESTS += test_port_alloc

test_port_alloc: test_port_alloc.c $(TOP)/mod/port_alloc.c $(TOP)/mod/port_alloc.h unit.h
	$(CC) $(CFLAGS) -I$(TOP)/mod -o $@ test_port_alloc.c $(TOP)/mod/port_alloc.c $(LDFLAGS)
