/* lists: linked data structures on the heap: an unbalanced binary search tree of random keys
 * (insert, look up, delete, all nodes malloc'd and freed), singly linked lists built, reversed,
 * merge-sorted and freed, and pointer chasing around a random cycle of nodes: dependent loads,
 * malloc and free. */
#include <stdint.h>
#include "common.h"

struct tree {
    struct tree *left, *right;
    uint64_t key, value;
};

struct list {
    struct list *next;
    uint64_t value;
};

static uint64_t state = 0x5851f42d4c957f2dull;
static uint64_t next_random(void)
{
    state ^= state << 13; state ^= state >> 7; state ^= state << 17;
    return state;
}

static struct tree *insert(struct tree *root, uint64_t key)
{
    struct tree **at = &root;
    while (*at) {
        if (key == (*at)->key) {
            (*at)->value++;
            return root;
        }
        at = key < (*at)->key ? &(*at)->left : &(*at)->right;
    }
    struct tree *node = malloc(sizeof *node);
    node->left = node->right = NULL;
    node->key = key;
    node->value = 1;
    *at = node;
    return root;
}

static struct tree *delete(struct tree *root, uint64_t key, uint64_t *removed)
{
    struct tree **at = &root;
    while (*at && (*at)->key != key)
        at = key < (*at)->key ? &(*at)->left : &(*at)->right;
    struct tree *node = *at;
    if (!node)
        return root;
    *removed += node->value;
    if (!node->left) {
        *at = node->right;
    } else if (!node->right) {
        *at = node->left;
    } else {                        /* replace by the smallest key of the right subtree */
        struct tree **min = &node->right;
        while ((*min)->left)
            min = &(*min)->left;
        struct tree *successor = *min;
        *min = successor->right;
        successor->left = node->left;
        successor->right = node->right;
        *at = successor;
    }
    free(node);
    return root;
}

static uint64_t free_tree(struct tree *node, int depth, int *max_depth)
{
    if (!node)
        return 0;
    if (depth > *max_depth)
        *max_depth = depth;
    uint64_t sum = node->key % 1000 + free_tree(node->left, depth + 1, max_depth) + free_tree(node->right, depth + 1, max_depth);
    free(node);
    return sum;
}

static struct list *merge_sort(struct list *head, long n)
{
    if (n < 2)
        return head;
    struct list *middle = head;
    for (long i = 1; i < n / 2; i++)
        middle = middle->next;
    struct list *second = middle->next;
    middle->next = NULL;
    struct list *a = merge_sort(head, n / 2), *b = merge_sort(second, n - n / 2), sentinel, *tail = &sentinel;
    while (a && b) {
        if (a->value <= b->value) { tail->next = a; a = a->next; }
        else { tail->next = b; b = b->next; }
        tail = tail->next;
    }
    tail->next = a ? a : b;
    return sentinel.next;
}

int main(int argc, char **argv)
{
    enum { KEYS = 60000, LIST = 50000, RING = 1 << 17 };
    long rounds = scaled(bench_scale(argc, argv), 15);
    uint64_t check = 0;
    int max_depth = 0;
    struct list **ring = malloc(RING * sizeof *ring);
    for (long r = 0; r < rounds; r++) {
        struct tree *root = NULL;
        for (long i = 0; i < KEYS; i++)
            root = insert(root, next_random() % (KEYS * 4));
        uint64_t removed = 0;
        for (long i = 0; i < KEYS; i++)
            root = delete(root, next_random() % (KEYS * 4), &removed);
        check += removed + free_tree(root, 0, &max_depth);

        struct list *head = NULL;
        for (long i = 0; i < LIST; i++) {
            struct list *node = malloc(sizeof *node);
            node->value = next_random() % 1000000;
            node->next = head;
            head = node;
        }
        struct list *reversed = NULL;
        while (head) {
            struct list *next = head->next;
            head->next = reversed;
            reversed = head;
            head = next;
        }
        head = merge_sort(reversed, LIST);
        for (long i = 0; head; i++) {
            struct list *next = head->next;
            if (i % 1000 == 0)
                check = check * 31 + head->value;
            free(head);
            head = next;
        }

        for (long i = 0; i < RING; i++) {     /* a random cycle through all nodes (Sattolo's shuffle) */
            ring[i] = malloc(sizeof **ring);
            ring[i]->value = (uint64_t)i;
        }
        for (long i = RING - 1; i > 0; i--) {
            long j = (long)(next_random() % (uint64_t)i);
            struct list *t = ring[i]; ring[i] = ring[j]; ring[j] = t;
        }
        for (long i = 0; i < RING; i++)
            ring[i]->next = ring[(i + 1) % RING];
        struct list *p = ring[0];
        for (long i = 0; i < 8 * RING; i++) {
            check += p->value;
            p = p->next;
        }
        for (long i = 0; i < RING; i++)
            free(ring[i]);
    }
    free(ring);
    printf("lists: check %016llx, deepest tree %d, %ld rounds\n", (unsigned long long)check, max_depth, rounds);
    return 0;
}
