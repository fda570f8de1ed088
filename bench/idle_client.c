/*
 * bench/idle_client.c — opens N idle TCP connections to 127.0.0.1:PORT
 * and holds them until its standard input closes; the other half of
 * bench/run-idle.sh, which measures what each costs the server.  Prints
 * "connected N" once every connection is established (N may be smaller
 * than asked when a limit stops it; the reason goes to stderr).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: idle_client PORT N\n");
        return 2;
    }
    long port = strtol(argv[1], NULL, 10), n = strtol(argv[2], NULL, 10);
    if (port <= 0 || port > 65535 || n <= 0) {
        fprintf(stderr, "idle_client: bad PORT or N\n");
        return 2;
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &rl);
    }
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    long ok = 0;
    for (; ok < n; ok++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
            fprintf(stderr, "idle_client: connection %ld: %s\n", ok + 1, strerror(errno));
            if (fd >= 0)
                close(fd);
            break;
        }
    }
    printf("connected %ld\n", ok);
    fflush(stdout);
    char buf[64];
    while (read(0, buf, sizeof buf) > 0)
        ;
    return ok == n ? 0 : 1;
}
