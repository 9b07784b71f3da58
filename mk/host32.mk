# Every stage's host unit tests once more, built for 32 bits (gcc -m32), as
# the Cortex-M3 is: size_t, pointers and SIZE_MAX have the board's width,
# and the answers that depend on it (a size near SIZE_MAX, a pointer near
# the top of memory) are tested on a host too, with the host's tools. A
# step of `make test` when the compiler can build for 32 bits (Debian's
# gcc-multilib); otherwise it says so and is skipped.

HOST32_CFLAGS := -m32 $(HOST_CFLAGS)
HOST32_WORKS := $(shell echo 'int main(void){return 0;}' | \
    $(HOST_CC) -m32 -x c -o /dev/null - -lpthread 2>/dev/null && echo yes)

define host32_rules
$(BUILD)/host32/$(1)/test: $($(1)_TEST) $($(1)_SRCS) $($(1)_HOST_SRCS) $($(1)_DEPS) $(HOST_DEPS)
	$$(call host_prog,$$@,$($(1)_TEST) $($(1)_SRCS) $($(1)_HOST_SRCS),$$(HOST32_CFLAGS) $$($(1)_HOST_CFLAGS))
endef
$(foreach s,$(STAGES),$(eval $(call host32_rules,$(s))))

.PHONY: test-host32
test-more: test-host32
test-host32:
ifeq ($(HOST32_WORKS),yes)
	@for s in $(STAGES); do \
	    $(TALLY) "host -m32 $$s" "$(MAKE) -s $(BUILD)/host32/$$s/test && $(BUILD)/host32/$$s/test"; \
	done
else
	@echo "host -m32: skipped, $(HOST_CC) cannot build for 32 bits here (install gcc-multilib)"
endif
