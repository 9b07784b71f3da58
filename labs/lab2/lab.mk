# Lab 2: split, coalesce and the fit searches of the free-list heap.
LABS += 2
lab2_STAGE := freelist
lab2_TESTS := labs/lab2/tests.c

# The challenge's solution (solutions/lab2/): the early-Zephyr heap memory
# pool, tested on the host, under the sanitizers and in QEMU by `make test`.
LAB2_HP_SRCS := solutions/lab2/heap_pool.c solutions/lab2/test_heap_pool.c $(freelist_SRCS)
LAB2_HP_DEPS := $(LAB2_HP_SRCS) labs/lab2/lab.mk \
    $(wildcard solutions/lab2/*.h src/*/*.h src/common/*.c tests/*.h qemu/*.c qemu/*.h)

$(BUILD)/host/lab2-challenge/test: $(LAB2_HP_DEPS)
	$(call host_prog,$@,$(LAB2_HP_SRCS),$(HOST_CFLAGS) -Isolutions/lab2)
$(BUILD)/host-san/lab2-challenge/test: $(LAB2_HP_DEPS)
	$(call host_prog,$@,$(LAB2_HP_SRCS),$(HOST_SAN_CFLAGS) -Isolutions/lab2)
$(BUILD)/target/lab2-challenge/test.elf: $(LAB2_HP_DEPS)
	$(call target_prog,$@,$(LAB2_HP_SRCS),-Werror -Isolutions/lab2)

.PHONY: lab2-challenge
test-more: lab2-challenge
lab2-challenge:
	@for v in host host-san; do \
	    $(TALLY) "lab 2 challenge: heap pool, $$v" \
	      "$(MAKE) -s $(BUILD)/$$v/lab2-challenge/test && $(BUILD)/$$v/lab2-challenge/test"; \
	done
	@$(TALLY) "lab 2 challenge: heap pool, qemu" \
	    "$(MAKE) -s $(BUILD)/target/lab2-challenge/test.elf && qemu/run.sh $(BUILD)/target/lab2-challenge/test.elf"
