#include "csvwrite.h"

#include <string.h>

void
csv_write_bom(FILE *f)
{
	fputs("\xEF\xBB\xBF", f);
}

/* "-3", "-1,5", "-0.25": a number, which a spreadsheet reads as one. */
static int
negative_number(const char *s)
{
	int digits = 0, point = 0;

	if (*s++ != '-')
		return 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if ((*s == ',' || *s == '.') && !point && digits > 0)
			point = 1;
		else
			return 0;
	}
	return digits > 0 && s[-1] != ',' && s[-1] != '.';
}

int
csv_cell_is_formula(const char *s)
{
	return s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL &&
	    !negative_number(s);
}

void
csv_write_row(FILE *f, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = cells[i] ? cells[i] : "";
		int quote = strpbrk(s, ";\"\r\n") != NULL;

		if (i > 0)
			fputc(';', f);
		if (quote)
			fputc('"', f);
		if (csv_cell_is_formula(s))
			fputc('\'', f);
		for (const char *p = s; *p; p++) {
			if (*p == '"')
				fputc('"', f);	/* a " inside is doubled */
			fputc(*p, f);
		}
		if (quote)
			fputc('"', f);
	}
	fputs("\r\n", f);
}
