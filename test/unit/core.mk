# Pure logic of the module (mod/addr.c, mod/pool4_set.c), built unchanged.
TESTS += test_addr test_pool4_set

test_addr: test_addr.c $(TOP)/mod/addr.c $(TOP)/mod/addr.h unit.h
	$(CC) $(CFLAGS) -I$(TOP)/mod -o $@ test_addr.c $(TOP)/mod/addr.c $(LDFLAGS)

test_pool4_set: test_pool4_set.c $(TOP)/mod/pool4_set.c $(TOP)/mod/pool4_set.h $(TOP)/mod/addr.c unit.h
	$(CC) $(CFLAGS) -I$(TOP)/mod -o $@ test_pool4_set.c $(TOP)/mod/pool4_set.c $(TOP)/mod/addr.c $(LDFLAGS)
