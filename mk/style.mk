# One style for the kit's C (.clang-format, clang-format-16 from Debian 12).
#
#   make format        rewrite every file in the style
#   make style-check   fail, naming the files, when one is not in it
#                      (a step of `make test`)
#
# The style covers the code people read and write: src/, qemu/, labs/,
# tests/ and the C tools. exercises/ is generated from src/ and follows it.

CLANG_FORMAT := clang-format-16
STYLE_FILES = $(shell git ls-files 'src/*.[ch]' 'qemu/*.[ch]' 'labs/*.[ch]' 'tests/*.[ch]' \
    'tools/*.[ch]' 'solutions/*.[ch]' 2>/dev/null)

.PHONY: format style-check
format:
	$(CLANG_FORMAT) -i $(STYLE_FILES)

style-check:
	@$(TALLY) "style: clang-format-16 on every C file" \
	    "$(CLANG_FORMAT) --dry-run --Werror $(STYLE_FILES)"

test-more: style-check
