#include "ui/qr.h"
#include "strbuf.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

int
qr_make(const char *payload, qr *out, err_t *e)
{
	QRcode *c;

	memset(out, 0, sizeof *out);
	/* 8-bit mode keeps the payload byte-exact (URLs are case-sensitive);
	 * level M survives a smudged print or a glare on the screen. */
	c = QRcode_encodeString8bit(payload, 0, QR_ECLEVEL_M);
	if (c == NULL)
		return err_set(e, "cannot make a QR code for '%.80s': too long?",
		    payload);
	out->width = c->width;
	out->dark = xmalloc((size_t)c->width * (size_t)c->width);
	for (int i = 0; i < c->width * c->width; i++)
		out->dark[i] = c->data[i] & 1;
	QRcode_free(c);
	return 0;
}

void
qr_free(qr *q)
{
	free(q->dark);
	q->dark = NULL;
	q->width = 0;
}
