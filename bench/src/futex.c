/* futex: two threads hand a token back and forth through a mutex and two condition variables (futex waits and wakes). */
#include <pthread.h>
#include "common.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static int turn;
static long rounds;

static void *player(void *arg)
{
    int me = (int)(long)arg;
    for (long r = 0; r < rounds; r++) {
        pthread_mutex_lock(&lock);
        while (turn != me)
            pthread_cond_wait(&turn_changed, &lock);
        turn = 1 - me;
        pthread_cond_broadcast(&turn_changed);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    rounds = scaled(bench_scale(argc, argv), 40000);
    pthread_t other;
    pthread_create(&other, NULL, player, (void *)1L);
    player((void *)0L);
    pthread_join(other, NULL);
    printf("futex: %ld hand-overs each way\n", rounds);
    return 0;
}
