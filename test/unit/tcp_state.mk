# RFC 6146 TCP state machine (mod/tcp_state.c), built unchanged.
TESTS += test_tcp_state

test_tcp_state: test_tcp_state.c $(TOP)/mod/tcp_state.c $(TOP)/mod/tcp_state.h unit.h
	$(CC) $(CFLAGS) -I$(TOP)/mod -o $@ test_tcp_state.c $(TOP)/mod/tcp_state.c $(LDFLAGS)
