# Every stage's host unit tests once more, under valgrind memcheck: it sees
# reads of uninitialised bytes and leaks, which the sanitizer build does not.
# A memcheck error makes the run exit 99, and `make test` counts it failed.
# valgrind runs one thread at a time; --fair-sched hands the CPU round in
# turn, so the tests that measure waits in ticks see the order they expect.

MEMCHECK := valgrind -q --fair-sched=yes --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=all

.PHONY: memcheck
memcheck:
	@for s in $(STAGES); do \
	    $(TALLY) "valgrind memcheck $$s" \
	        "$(MAKE) -s $(BUILD)/host/$$s/test && $(MEMCHECK) $(BUILD)/host/$$s/test"; \
	done

test-more: memcheck
