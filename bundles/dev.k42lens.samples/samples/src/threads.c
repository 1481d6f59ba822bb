/* threads: four pthreads (clone + futex underneath). A start gate on a condition variable
 * releases them together; each sums a range of squares and adds it to a total under a mutex.
 * Results are printed by main after pthread_join, in thread order, so the output never varies. */
#include <pthread.h>
#include <stdio.h>

#define THREADS 4
#define RANGE 1000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int ready;
static int go;
static unsigned long long total;

struct work {
    int index;
    unsigned long long sum;
};

static void *worker(void *arg)
{
    struct work *w = arg;

    pthread_mutex_lock(&lock);
    ready++;
    pthread_cond_broadcast(&changed);
    while (!go)
        pthread_cond_wait(&changed, &lock);
    pthread_mutex_unlock(&lock);

    for (unsigned long long i = (unsigned long long)w->index * RANGE + 1;
         i <= (unsigned long long)(w->index + 1) * RANGE; i++)
        w->sum += i * i;

    pthread_mutex_lock(&lock);
    total += w->sum;
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(void)
{
    pthread_t tids[THREADS];
    struct work work[THREADS];

    for (int i = 0; i < THREADS; i++) {
        work[i].index = i;
        work[i].sum = 0;
        if (pthread_create(&tids[i], NULL, worker, &work[i]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 1;
        }
    }

    pthread_mutex_lock(&lock);
    while (ready < THREADS)
        pthread_cond_wait(&changed, &lock);
    go = 1;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
    printf("%d threads started, gate opened\n", THREADS);

    for (int i = 0; i < THREADS; i++)
        pthread_join(tids[i], NULL);
    for (int i = 0; i < THREADS; i++)
        printf("thread %d: sum of squares %d..%d = %llu\n", i, i * RANGE + 1, (i + 1) * RANGE,
               work[i].sum);

    unsigned long long n = THREADS * RANGE;
    unsigned long long expected = n * (n + 1) * (2 * n + 1) / 6;
    printf("total %llu (%s)\n", total, total == expected ? "correct" : "WRONG");
    return total == expected ? 0 : 1;
}
