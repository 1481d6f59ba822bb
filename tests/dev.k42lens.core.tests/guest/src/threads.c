/* Threads: four workers sharing a mutex-protected counter, a condition variable hand-off, C11
 * atomics, thread-local storage, pthread_once, a barrier, and joins with return values. The output
 * does not depend on the order the threads run in. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define WORKERS 4
#define ROUNDS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_barrier_t barrier;
static long shared_counter;
static atomic_long atomic_counter;
static int turn;
static int once_runs;
static __thread long tls_value;
static long relay[WORKERS];

static void init_once(void) {
    once_runs++;
}

static void *worker(void *arg) {
    long id = (long) (intptr_t) arg;
    pthread_once(&once, init_once);
    tls_value = id * 100;
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&lock);
        shared_counter++;
        pthread_mutex_unlock(&lock);
        atomic_fetch_add_explicit(&atomic_counter, 2, memory_order_relaxed);
    }
    pthread_barrier_wait(&barrier);
    /* a relay: each worker waits for its turn, then passes the baton on */
    pthread_mutex_lock(&lock);
    while (turn != id) {
        pthread_cond_wait(&turn_changed, &lock);
    }
    relay[id] = (id == 0 ? 1 : relay[id - 1] * 3) + tls_value;
    turn++;
    pthread_cond_broadcast(&turn_changed);
    pthread_mutex_unlock(&lock);
    return (void *) (intptr_t) (tls_value + id);
}

int main(void) {
    pthread_t threads[WORKERS];
    pthread_barrier_init(&barrier, NULL, WORKERS);
    for (long i = 0; i < WORKERS; i++) {
        if (pthread_create(&threads[i], NULL, worker, (void *) (intptr_t) i) != 0) {
            printf("FAIL pthread_create\n");
            return 1;
        }
    }
    long results = 0;
    for (int i = 0; i < WORKERS; i++) {
        void *value;
        pthread_join(threads[i], &value);
        results += (long) (intptr_t) value;
    }
    printf("counter=%ld atomic=%ld expected=%d\n", shared_counter, (long) atomic_load(&atomic_counter), WORKERS * ROUNDS);
    printf("once ran %d time(s), join results sum=%ld\n", once_runs, results);
    printf("relay=%ld,%ld,%ld,%ld main tls=%ld\n", relay[0], relay[1], relay[2], relay[3], tls_value);
    return shared_counter == WORKERS * ROUNDS && atomic_load(&atomic_counter) == 2L * WORKERS * ROUNDS ? 0 : 1;
}
