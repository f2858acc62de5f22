/*
 * print.c - sends a sheet to CUPS with `lp`, for reception staff.
 *
 * lp is run with fork/execvpe (no shell, no string to quote), its stdout
 * and stderr read through one pipe, with a deadline: a printer server
 * that does not answer must not freeze the kiosk's staff menu.  lp runs
 * in the C locale so that its answers can be recognised, and what went
 * wrong is then said in plain French with what to do: the people reading
 * it are at a reception desk, not in the IT team.
 */
#include "sheet/sheet.h"

#include "content/i18n.h"
#include "strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* lp only hands the file to the scheduler: it answers in well under a
 * second.  Past this, CUPS or the network is stuck. */
#define LP_TIMEOUT_MS	20000
#define LPSTAT_TIMEOUT_MS 5000
#define LP_EXIT_NOEXEC	127	/* the child could not run lp at all */

struct lp_run {
	int status;		/* waitpid status; -1 if unknown */
	int timed_out;
	int spawn_errno;	/* pipe/fork failure in the parent */
	char out[2048];		/* stdout + stderr, truncated */
};

/* A copy of the environment with the locale forced to C (lp's messages
 * are translated otherwise).  Built before fork: the child of a threaded
 * process (the kiosk) may only call async-signal-safe functions. */
static char **
env_c_locale(void)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ[n])
		n++;
	env = xcalloc(n + 2, sizeof *env);
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "LC_", 3) != 0 &&
		    strncmp(environ[i], "LANG=", 5) != 0 &&
		    strncmp(environ[i], "LANGUAGE=", 9) != 0)
			env[k++] = environ[i];
	env[k++] = "LC_ALL=C";
	env[k] = NULL;
	return env;
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	    (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Starts argv with its output (and errors) on a pipe whose read end is
 * *out, stdin from /dev/null, in the C locale.  The pid, or -1 with
 * r->spawn_errno set. */
static pid_t
spawn(char *const argv[], int *out, struct lp_run *r)
{
	int pfd[2], nullfd;
	pid_t pid;
	char **env;

	if (pipe2(pfd, O_CLOEXEC) != 0) {
		r->spawn_errno = errno;
		return -1;
	}
	nullfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	env = env_c_locale();
	pid = fork();
	if (pid == 0) {
		/* Only async-signal-safe calls from here to exec. */
		if (nullfd >= 0)
			dup2(nullfd, STDIN_FILENO);
		dup2(pfd[1], STDOUT_FILENO);
		dup2(pfd[1], STDERR_FILENO);
		/* lp needs none of the kiosk's files (database, X socket). */
		close_range(3, ~0U, 0);
		execvpe(argv[0], argv, env);
		_exit(errno == ENOENT ? LP_EXIT_NOEXEC : 126);
	}
	if (pid < 0) {
		r->spawn_errno = errno;
		close(pfd[0]);
	}
	free(env);
	close(pfd[1]);
	if (nullfd >= 0)
		close(nullfd);
	*out = pfd[0];
	return pid;
}

/* Reads fd into r->out (what fits) until EOF or timeout_ms after t0;
 * closes it. */
static void
collect(int fd, const struct timespec *t0, long timeout_ms,
    struct lp_run *r)
{
	size_t len = 0;

	for (;;) {
		long left = timeout_ms - ms_since(t0);
		struct pollfd p = { fd, POLLIN, 0 };
		char buf[512];
		ssize_t n;

		if (left <= 0) {
			r->timed_out = 1;
			break;
		}
		if (poll(&p, 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p.revents == 0)
			continue;
		n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;		/* EOF: lp is done */
		if (len + 1 < sizeof r->out) {
			size_t k = (size_t)n;

			if (k > sizeof r->out - 1 - len)
				k = sizeof r->out - 1 - len;
			memcpy(r->out + len, buf, k);
			len += k;
		}
	}
	close(fd);
	r->out[len] = '\0';
}

/* Waits for pid (killed if it overstays timeout_ms after t0): its
 * status in r->status. */
static void
reap(pid_t pid, const struct timespec *t0, long timeout_ms,
    struct lp_run *r)
{
	if (r->timed_out)
		kill(pid, SIGKILL);
	/* lp may have closed its output before exiting: wait for it, still
	 * within a bound. */
	for (;;) {
		int st;
		pid_t w = waitpid(pid, &st, r->timed_out ? 0 : WNOHANG);

		if (w == pid) {
			r->status = st;
			break;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			break;		/* ECHILD: SIGCHLD ignored by the caller */
		if (ms_since(t0) > timeout_ms) {
			r->timed_out = 1;
			kill(pid, SIGKILL);
			continue;
		}
		usleep(10000);
	}
}

/* Runs argv, collecting its output until it exits or timeout_ms. */
static void
run_cmd(char *const argv[], long timeout_ms, struct lp_run *r)
{
	struct timespec t0;
	int fd;
	pid_t pid;

	memset(r, 0, sizeof *r);
	r->status = -1;
	pid = spawn(argv, &fd, r);
	if (pid < 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	collect(fd, &t0, timeout_ms, r);
	reap(pid, &t0, timeout_ms, r);
}

/* "request id is testpdf-12 (1 file(s))" -> "testpdf-12". */
static int
job_id(const char *out, char *id, size_t n)
{
	const char *p = strstr(out, "request id is ");
	size_t k;

	if (p == NULL)
		return -1;
	p += strlen("request id is ");
	k = strcspn(p, " \t\r\n");
	if (k == 0 || k >= n)
		return -1;
	memcpy(id, p, k);
	id[k] = '\0';
	return 0;
}

/* The first line of lp's answer, without its "lp: " and "Error - ". */
static void
first_line(const char *out, char *line, size_t n)
{
	const char *p = out;
	size_t k;

	while (*p == ' ' || *p == '\n' || *p == '\r')
		p++;
	if (strncmp(p, "lp: ", 4) == 0)
		p += 4;
	if (strncmp(p, "Error - ", 8) == 0)
		p += 8;
	k = strcspn(p, "\r\n");
	snprintf(line, n, "%.*s", (int)k, p);
}

static int
has(const char *out, const char *what)
{
	return strcasestr(out, what) != NULL;
}

/* 1 if `lpstat -r` says the scheduler is not running.  lp cannot tell:
 * with no scheduler it says "The printer or class does not exist" or "No
 * default destination", which would send staff looking for a printer. */
static int
scheduler_down(void)
{
	char *const argv[] = { "lpstat", "-r", NULL };
	struct lp_run r;

	run_cmd(argv, LPSTAT_TIMEOUT_MS, &r);
	return r.timed_out || has(r.out, "not running");
}

/* A word of the pack (interface.csv, impression.*) in its language,
 * its {KEY}s filled; fr, the French of interface.csv, for a pack older
 * than the word. */
static const char *
lp_word(const pack *p, char *buf, size_t n, const char *name, const char *fr,
    ...)
{
	va_list ap;

	va_start(ap, fr);
	i18n_uifv(p, name, fr, buf, n, ap);
	va_end(ap);
	return buf;
}

/* Why printing failed, in words for the reception desk. */
static void
explain(const pack *p, const struct lp_run *r, const char *printer,
    char *w, size_t n)
{
	char line[512], num[24];
	int code = r->status >= 0 && WIFEXITED(r->status) ?
	    WEXITSTATUS(r->status) : -1;

	if (r->spawn_errno)
		lp_word(p, w, n, "impression.lancement", "le programme d'impression "
		    "n'a pas pu être lancé ({erreur})", "erreur",
		    strerror(r->spawn_errno), NULL);
	else if (code == LP_EXIT_NOEXEC)
		lp_word(p, w, n, "impression.sans-lp", "la commande d'impression lp "
		    "n'est pas installée sur cet ordinateur. Prévenez le service "
		    "informatique : il faut le paquet cups-client", NULL);
	else if (r->timed_out) {
		snprintf(num, sizeof num, "%d", LP_TIMEOUT_MS / 1000);
		lp_word(p, w, n, "impression.muet", "le service d'impression ne "
		    "répond pas depuis {n} secondes. Vérifiez que l'imprimante est "
		    "allumée, puis réessayez", "n", num, NULL);
	} else if (scheduler_down() ||
	    has(r->out, "scheduler not responding") ||
	    has(r->out, "connection refused") ||
	    has(r->out, "unable to connect"))
		lp_word(p, w, n, "impression.cups", "le service d'impression CUPS ne "
		    "fonctionne pas sur cet ordinateur. Prévenez le service "
		    "informatique", NULL);
	else if (has(r->out, "does not exist") ||
	    has(r->out, "unknown printer"))
		lp_word(p, w, n, "impression.inconnue", "l'imprimante « {imprimante} "
		    "» n'existe pas sur cet ordinateur. Choisissez une autre "
		    "imprimante ou prévenez le service informatique", "imprimante",
		    printer ? printer : "", NULL);
	else if (has(r->out, "no default destination"))
		lp_word(p, w, n, "impression.sans-defaut", "aucune imprimante par "
		    "défaut n'est choisie. Choisissez une imprimante ou prévenez le "
		    "service informatique", NULL);
	else if (has(r->out, "not accepting")) {
		char def[64];

		lp_word(p, w, n, "impression.refuse", "l'imprimante « {imprimante} » "
		    "refuse les impressions pour le moment. Vérifiez qu'elle est "
		    "allumée et qu'elle a du papier", "imprimante", printer ?
		    printer : lp_word(p, def, sizeof def, "impression.par-defaut",
		    "par défaut", NULL), NULL);
	} else {
		first_line(r->out, line, sizeof line);
		if (line[0])
			lp_word(p, w, n, "impression.reponse", "l'imprimante a répondu "
			    ": {reponse}", "reponse", line, NULL);
		else if (r->status >= 0 && WIFSIGNALED(r->status)) {
			snprintf(num, sizeof num, "%d", WTERMSIG(r->status));
			lp_word(p, w, n, "impression.signal", "la commande lp s'est "
			    "arrêtée (signal {n})", "n", num, NULL);
		} else {
			snprintf(num, sizeof num, "%d", code);
			lp_word(p, w, n, "impression.code", "la commande lp a échoué "
			    "(code {n})", "n", num, NULL);
		}
	}
}

int
sheet_print(const pack *p, const char *pdf, const char *printer, char *msg,
    size_t n)
{
	char abs[PATH_MAX], id[256], name[256];
	const char *title, *argv[8];
	struct lp_run r;
	int k = 0;

	/* An absolute path: it cannot be taken for an option, and the
	 * message says exactly where the file is. */
	if (realpath(pdf, abs) == NULL) {
		lp_word(p, msg, n, "impression.introuvable", "Impression impossible : "
		    "le fichier PDF {fichier} est introuvable ({erreur}).",
		    "fichier", pdf, "erreur", strerror(errno), NULL);
		return -1;
	}
	title = strrchr(abs, '/') + 1;
	argv[k++] = "lp";
	if (printer && printer[0]) {
		argv[k++] = "-d";
		argv[k++] = printer;
	}
	argv[k++] = "-t";
	argv[k++] = title;
	argv[k++] = abs;
	argv[k] = NULL;
	run_cmd((char *const *)argv, LP_TIMEOUT_MS, &r);

	if (!r.timed_out && !r.spawn_errno && r.status >= 0 &&
	    WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0 &&
	    job_id(r.out, id, sizeof id) == 0) {
		if (printer && printer[0])
			snprintf(name, sizeof name, "%s", printer);
		else {
			/* The job id is PRINTER-NUMBER. */
			char *dash = strrchr(id, '-');

			snprintf(name, sizeof name, "%.*s",
			    dash ? (int)(dash - id) : (int)strlen(id), id);
		}
		lp_word(p, msg, n, "impression.envoyee", "Feuille envoyée à "
		    "l'imprimante {imprimante} (travail {travail})", "imprimante",
		    name, "travail", id, NULL);
		return 0;
	}
	/* lp said nothing but a job id, yet its status is unknown (the
	 * caller ignores SIGCHLD): the job was taken. */
	if (r.status < 0 && !r.timed_out && !r.spawn_errno &&
	    job_id(r.out, id, sizeof id) == 0) {
		lp_word(p, msg, n, "impression.envoyee-job", "Feuille envoyée à "
		    "l'imprimante (travail {travail})", "travail", id, NULL);
		return 0;
	}

	char why[1024];

	explain(p, &r, printer, why, sizeof why);
	lp_word(p, msg, n, "impression.echec", "Impression impossible : "
	    "{raison}. Le fichier PDF est enregistré ici : {fichier}", "raison",
	    why, "fichier", abs, NULL);
	return -1;
}
