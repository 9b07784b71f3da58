# The bad-input matrix (tests/matrix/matrix.txt, docs/hardening.rst).
#
# Each stage's cells that its unit tests do not cover are tests of their own
# in tests/matrix/test_matrix_<stage>.c, built for the host with ASan and
# UBSan. `make test` runs them, then tests/matrix/matrix.py --check, which
# fails unless every public function has a complete row, every test named
# in a cell exists and passes, and the page and its catalog are up to date.
# `make matrix-docs` rewrites the page and its catalog from the data file.

MATRIX_STAGES := $(filter $(STAGES),$(patsubst tests/matrix/test_matrix_%.c,%,$(wildcard tests/matrix/test_matrix_*.c)))

define matrix_rules
$(BUILD)/host/matrix/$(1): tests/matrix/test_matrix_$(1).c $($(1)_SRCS) $($(1)_HOST_SRCS) $($(1)_DEPS) $(HOST_DEPS)
	$$(call host_prog,$$@,tests/matrix/test_matrix_$(1).c $($(1)_SRCS) $($(1)_HOST_SRCS),$$(HOST_SAN_CFLAGS) $($(1)_HOST_CFLAGS) -Itests/matrix)
endef
$(foreach s,$(MATRIX_STAGES),$(eval $(call matrix_rules,$(s))))

.PHONY: matrix matrix-docs
matrix:
	@for s in $(MATRIX_STAGES); do \
	    $(TALLY) "bad-input matrix $$s" "$(MAKE) -s $(BUILD)/host/matrix/$$s && $(BUILD)/host/matrix/$$s"; \
	done
	@$(TALLY) "bad-input matrix: every cell proven, docs current" \
	    "$(PYTHON) tests/matrix/matrix.py --check $(STAGES)"

matrix-docs:
	$(PYTHON) tests/matrix/matrix.py --write $(STAGES)

test-more: matrix
