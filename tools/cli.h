/* tools/cli.h — placeholder */
