/* A stdio stream onto a shr_writer (wstream.h). */
#define _GNU_SOURCE /* fopencookie */
#include "wstream.h"

#include "util.h"

#include <sys/types.h>

static ssize_t wstream_write(void *cookie, const char *buf, size_t size)
{
    shr__wstream *ws = cookie;
    if (ws->rc)
        return -1;
    if (size == 0)
        return 0;
    int rc = ws->w->write(ws->w->ctx, buf, size);
    if (rc != SHR_OK) {
        ws->rc = rc < 0 ? rc : SHR_EIO;
        return -1;
    }
    return (ssize_t)size;
}

int shr__wstream_open(shr__wstream *ws, const shr_writer *w, FILE **f, shr_error *err)
{
    *f = NULL;
    if (!w || !w->write)
        return shr__error_set(err, SHR_EINVAL, "no writer (NULL shr_writer or write function)");
    ws->w = w;
    ws->rc = SHR_OK;
    cookie_io_functions_t io = {NULL, wstream_write, NULL, NULL};
    *f = fopencookie(ws, "w", io);
    if (!*f)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    return SHR_OK;
}

int shr__wstream_close(shr__wstream *ws, FILE *f, int rc, shr_error *err)
{
    if (fclose(f) != 0 && rc == SHR_OK && ws->rc == SHR_OK)
        rc = shr__error_set(err, SHR_EIO, "write error");
    if (ws->rc != SHR_OK)
        return shr__error_set(err, ws->rc, "the writer failed (%s)", shr_error_code_text(ws->rc));
    return rc;
}
