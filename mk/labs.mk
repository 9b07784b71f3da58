# The labs: how a lab's image is built, on the board and on the host, and
# the commands around grading (the main Makefile has grade, qemu, gdb and
# exercises; labs/labN/lab.mk says which stage and tests a lab has).
#
#   make grade LAB=n [HOST=1] [RESULTS=file]   grade exercises/labn; HOST=1 on the
#                       host under ASan and UBSan (and TSan for a lab on the
#                       kernel); results.json for Gradescope in RESULTS
#   make qemu LAB=n [TEST=name]   run the tests (or one) in QEMU
#   make gdb LAB=n [TEST=name] [GDB_ARGS=...]   the same under gdb-multiarch
#   make handin LAB=n   exercises/labn, the grade report and results.json in
#                       one archive, build/handin-labn.tar.gz
#   make student-kit    the tree to hand out, without answers (KIT=dir)

# A lab image is built for debugging: -Og -g, and without --gc-sections, so
# that gdb can call every function of the stage (LOS_MemFreeNodeShow,
# LOS_MemIntegrityCheck and the other show and check functions) although no
# test calls it. The kernel checks its locks (CONFIG_SPIN_VALIDATE, see
# qemu/kernel.c). KIT_LAB tells the student kit's headers which lab is built.
LAB_FLAGS = -DKIT_LAB=$(LAB) -DCONFIG_SPIN_VALIDATE=1
LAB_TARGET_CFLAGS = $(filter-out -O2,$(TARGET_CFLAGS)) -Og $(LAB_FLAGS)
LAB_TARGET_LDFLAGS = $(filter-out -Wl$(comma)--gc-sections,$(TARGET_LDFLAGS)) -Wl$(comma)--no-gc-sections
comma := ,

# A lab is known when its lab.mk named its stage. The student kit has no
# reference to grade (REF=1).
lab_known = test -n "$(LAB)" || { echo "make $@: which lab? Say LAB=n, for example: make $@ LAB=$(firstword $(LABS)) (the labs are $(LABS))" >&2; exit 2; }; \
    test -n "$(lab$(LAB)_STAGE)" || { echo "make $@: there is no lab '$(LAB)' (the labs are $(LABS))" >&2; exit 2; }; \
    $(if $(and $(REF),$(STUDENT_KIT)),{ echo "make $@: the student kit has no reference (REF=1)" >&2; exit 2; };) true

# $(call lab_srcs,FLAVOUR,SOURCES): the sources of lab LAB's image. A source
# the lab's tests include (labN_INCLUDED_SRCS) is not compiled again; in the
# student kit, a source that holds only other labs' regions is replaced by
# the object labs/labN/given/FLAVOUR/ holds (labs/labN/given/given.mk).
lab_srcs = $(call pick,$(filter-out $(lab$(LAB)_INCLUDED_SRCS) $(lab$(LAB)_GIVEN_SRCS),$(2))) \
    $(addprefix labs/lab$(LAB)/given/$(1)/,$(lab$(LAB)_GIVEN_OBJS))
-include $(wildcard labs/*/given/given.mk)

# A lab whose stage runs on the kernel (its board images link the kernel's
# sources) is graded on the host under ThreadSanitizer too.
lab_on_kernel = $(filter $(KERNEL_TARGET_SRCS),$($(lab$(LAB)_STAGE)_TARGET_SRCS))

# make lab-host-image LAB=n LAB_ROOT=dir LAB_EXE=file SAN=san|tsan: the same
# tests on the host, with AddressSanitizer and UndefinedBehaviorSanitizer
# (san) or ThreadSanitizer (tsan).
LAB_HOST_CFLAGS = -std=c11 -D_DEFAULT_SOURCE $(WARN) -Og -g -fno-omit-frame-pointer $(LAB_FLAGS)
LAB_SAN_san := -fsanitize=address,undefined -fno-sanitize-recover=all
LAB_SAN_tsan := -fsanitize=thread
.PHONY: lab-host-image lab-info
lab-host-image:
	@$(lab_known)
	@mkdir -p $(dir $(LAB_EXE))
	$(HOST_CC) $(LAB_HOST_CFLAGS) $(LAB_SAN_$(SAN)) $(call pick_inc) -o $(LAB_EXE) \
	    $(lab$(LAB)_TESTS) $(call lab_srcs,$(SAN),$($(lab$(LAB)_STAGE)_SRCS)) \
	    $($(lab$(LAB)_STAGE)_HOST_SRCS) $(COMMON_SRCS) $(HOST_PORT) $(HOST_LIBS)

# What the grader and the kit maker ask about a lab: its stage, whether it
# runs on the kernel, the sources of its image, and the compilers' commands.
lab-info:
	@$(lab_known)
	@echo "stage=$(lab$(LAB)_STAGE) kernel=$(if $(lab_on_kernel),yes,no)"
	@echo "board $($(lab$(LAB)_STAGE)_SRCS) $($(lab$(LAB)_STAGE)_TARGET_SRCS)"
	@echo "host $($(lab$(LAB)_STAGE)_SRCS)"
	@echo "included $(lab$(LAB)_INCLUDED_SRCS)"
	@echo "tests $(lab$(LAB)_TESTS)"
	@echo "cc_board $(TARGET_CC) $(LAB_TARGET_CFLAGS) -I$(BOARD_INC) $(INC)"
	@echo "cc_san $(HOST_CC) $(LAB_HOST_CFLAGS) $(LAB_SAN_san) $(INC)"
	@echo "cc_tsan $(HOST_CC) $(LAB_HOST_CFLAGS) $(LAB_SAN_tsan) $(INC)"
	@echo "inc $(INC_DIRS)"

# make handin LAB=n: grade, then pack.
RESULTS ?= $(BUILD)/lab$(LAB)/results.json
.PHONY: handin
handin: setup
	@$(lab_known)
	@$(PYTHON) tools/grade.py $(LAB) --root $(LAB_ROOT) --json $(RESULTS) \
	    --handin $(BUILD)/handin-lab$(LAB).tar.gz; test $$? -le 1

# make student-kit [KIT=dir]: the tree to hand out, and dir.tar.gz.
KIT ?= $(BUILD)/student-kit
.PHONY: student-kit
student-kit: setup
	@$(if $(STUDENT_KIT),echo "make student-kit: this is the student kit already" >&2; exit 2)
	@$(PYTHON) tools/mkkit.py $(KIT)

# ---------------------------------------------------------------- make test
# The "Labs:" part of `make test`. In the student kit it grades each lab;
# in the whole tree it proves, for every lab: the reference scores full, on
# the board and on the host; the untouched exercise (made afresh, so a
# student's finished work in exercises/ is never what is tested) does not;
# each region cut alone makes some graded test fail; each known mistake
# (labs/labN/mutants) is caught as it expects. Then the student kit.
.PHONY: test-labs test-student-kit kit-all kit-test
ifdef STUDENT_KIT
test-labs:
	@for n in $(LABS); do \
	    $(TALLY) "lab $$n: exercises/lab$$n scores full" "$(PYTHON) tools/grade.py $$n --quiet"; \
	done

# `make` and `make test` in the student kit (its GNUmakefile sends them
# here): no stage programs or demos, which need the reference.
kit-all: setup docs
kit-test: setup
	@$(TALLY) --reset
	@echo "Labs:"
	@$(MAKE) -s --no-print-directory test-labs
	@$(MAKE) -s --no-print-directory docs-checks
	@$(TALLY) --report
else
LAB_TEST := $(BUILD)/lab-test
test-labs:
	@$(TALLY) "exercises/ matches src/ (edits in it left alone)" "$(PYTHON) tools/mkexercise.py --check"
	@for n in $(LABS); do \
	    $(TALLY) "lab $$n: reference scores full" "$(PYTHON) tools/grade.py $$n --root . --quiet"; \
	    $(TALLY) "lab $$n: reference scores full on the host (HOST=1)" \
	      "$(PYTHON) tools/grade.py $$n --root . --host --quiet"; \
	    rm -rf $(LAB_TEST)/untouched-lab$$n; \
	    $(TALLY) "lab $$n: untouched exercise does not" \
	      "$(PYTHON) tools/mkexercise.py --lab $$n $(LAB_TEST)/untouched-lab$$n \
	       && { $(PYTHON) tools/grade.py $$n --root $(LAB_TEST)/untouched-lab$$n --quiet --first-failure; test \$$? -eq 1; }"; \
	    for r in $$($(PYTHON) tools/mkexercise.py --list $$n); do \
	        rm -rf $(LAB_TEST)/lab$$n-$$r; \
	        $(TALLY) "lab $$n: region $$r is graded" \
	          "$(PYTHON) tools/mkexercise.py --mutant $$n $$r $(LAB_TEST)/lab$$n-$$r \
	           && { $(PYTHON) tools/grade.py $$n --root $(LAB_TEST)/lab$$n-$$r --quiet --first-failure; test \$$? -eq 1; }"; \
	    done; \
	    for m in $$($(PYTHON) tools/mkexercise.py --known $$n); do \
	        $(TALLY) "lab $$n: mistake $$m is caught" "$(PYTHON) tools/grade.py $$n --mistake $$m"; \
	    done; \
	done
	@$(MAKE) -s --no-print-directory test-student-kit
endif

# The kit is made, holds no line of any region's reference (and the check
# finds them once they are put back), each lab scores less than full as it
# is handed out, and full with only its own regions put back: no lab needs
# another lab done. `make` in it builds the documentation with a playground
# that works: its files beside the page in both languages, and the page
# passes the same test in Chromium as the full tree's (the test's own
# output is kept in kit-browser.log, and shown when it fails).
test-student-kit:
	@rm -rf $(LAB_TEST)/kit*
	@$(TALLY) "student kit: made, with no answer in it" \
	    "$(PYTHON) tools/mkkit.py $(LAB_TEST)/kit && $(PYTHON) tools/mkkit.py --check $(LAB_TEST)/kit"
	@$(TALLY) "student kit: the answer check finds answers put back" \
	    "$(PYTHON) tools/mkkit.py --restore $(LAB_TEST)/kit $(LAB_TEST)/kit-all \
	     && ! $(PYTHON) tools/mkkit.py --check $(LAB_TEST)/kit-all"
	@$(TALLY) "student kit: make grade LAB=1 works in it" \
	    "cd $(LAB_TEST)/kit && { $(MAKE) -s grade LAB=1; test \$$? -eq 2; }"
	@$(TALLY) "student kit: make builds the docs with the playground's files, en and zh_CN" \
	    "cd $(LAB_TEST)/kit && $(MAKE) -s --no-print-directory >/dev/null && for l in $(DOCS_LANGS); do \
	       test -s $(DOCS_HTML)/\$$l/_playground/pg-data.js && grep -q '_playground/pg-data.js' $(DOCS_HTML)/\$$l/playground.html \
	       || { echo \"no playground in the kit's $(DOCS_HTML)/\$$l\"; exit 1; }; done"
	@$(TALLY) "student kit: its playground page works in headless Chromium" \
	    "$(NODE) $(PG_DIR)/test_browser.js $(LAB_TEST)/kit/$(DOCS_HTML) >$(LAB_TEST)/kit-browser.log 2>&1 \
	     || { grep -v '^ok - ' $(LAB_TEST)/kit-browser.log; exit 1; }"
	@for n in $(LABS); do \
	    $(TALLY) "student kit: lab $$n as handed out scores less than full" \
	      "cd $(LAB_TEST)/kit && { $(PYTHON) tools/grade.py $$n --quiet --first-failure; test \$$? -eq 1; }"; \
	    $(TALLY) "student kit: lab $$n, only its regions put back, scores full" \
	      "$(PYTHON) tools/mkkit.py --restore $(LAB_TEST)/kit $(LAB_TEST)/kit-lab$$n $$n \
	       && cd $(LAB_TEST)/kit-lab$$n && $(PYTHON) tools/grade.py $$n --quiet"; \
	done
