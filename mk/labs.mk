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
LAB_TARGET_LDFLAGS = $(filter-out -Wl$(comma)--gc-sections,$(TARGET_LDFLAGS))
comma := ,

# A lab is known when its lab.mk named its stage.
lab_known = test -n "$(LAB)" || { echo "make $@: which lab? Say LAB=n, for example: make $@ LAB=$(firstword $(LABS)) (the labs are $(LABS))" >&2; exit 2; }; \
    test -n "$(lab$(LAB)_STAGE)" || { echo "make $@: there is no lab '$(LAB)' (the labs are $(LABS))" >&2; exit 2; }

# $(call lab_srcs,FLAVOUR,SOURCES): the sources of lab LAB's image. A source
# the lab's tests include (labN_INCLUDED_SRCS) is not compiled again; in the
# student kit, a source that holds only other labs' regions is replaced by
# the object labs/labN/given/FLAVOUR/ holds (labs/labN/given/given.mk).
lab_srcs = $(call pick,$(filter-out $(lab$(LAB)_INCLUDED_SRCS) $(lab$(LAB)_GIVEN_SRCS),$(2))) \
    $(addprefix labs/lab$(LAB)/given/$(1)/,$(lab$(LAB)_GIVEN_OBJS))
-include $(wildcard labs/*/given/given.mk)

# A lab whose stage runs on the kernel (qemu/kernel.c on the board) uses the
# kernel's POSIX-thread backend on the host.
lab_on_kernel = $(filter qemu/kernel.c,$($(lab$(LAB)_STAGE)_TARGET_SRCS))
LAB_KERNEL_HOST := src/port/host/kernel_host.c

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
	    $(COMMON_SRCS) $(HOST_PORT) $(if $(lab_on_kernel),$(LAB_KERNEL_HOST)) $(HOST_LIBS)

# What the grader asks about a lab.
lab-info:
	@$(lab_known)
	@echo "stage=$(lab$(LAB)_STAGE) kernel=$(if $(lab_on_kernel),yes,no)"

# make handin LAB=n: grade, then pack.
RESULTS ?= $(BUILD)/lab$(LAB)/results.json
.PHONY: handin
handin: setup
	@$(lab_known)
	@$(PYTHON) tools/grade.py $(LAB) --root $(LAB_ROOT) --json $(RESULTS) \
	    --handin $(BUILD)/handin-lab$(LAB).tar.gz; test $$? -le 1
