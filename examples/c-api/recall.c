/* recall.c: engram as a C library. Stores 5 random episodes of 64 units in a
 * Hopfield network, flips 8 bits of the first one, and recalls it.
 * Build against an installed engram:
 *     cc recall.c $(pkg-config --cflags --libs engram) -o recall */
#include <stdio.h>
#include <stdlib.h>

#include <engram/cue.h>
#include <engram/hopfield.h>
#include <engram/numerics.h>
#include <engram/patterns.h>

int main(void)
{
    eg_numerics_init();
    eg_error err;
    eg_episodes *episodes = NULL;
    eg_hopfield *net = NULL;
    eg_recall_result *result = NULL;
    double cue[64], target[64];
    int status = EXIT_FAILURE;

    if (eg_episodes_random_bipolar(5, 64, 0.5, 1, 0, EG_EPISODES_DEFAULT, &episodes, &err) != EG_OK ||
        eg_hopfield_alloc_hebbian(episodes, NULL, &net, &err) != EG_OK ||
        eg_episodes_row(episodes, 0, target, &err) != EG_OK ||
        eg_cue_flip_bits(target, 64, 8, 7, 0, cue, &err) != EG_OK) {
        fprintf(stderr, "recall: %s\n", err.msg);
        goto done;
    }
    eg_recall_options opt = eg_recall_options_default();
    opt.target = target;
    if (eg_hopfield_recall(net, cue, &opt, &result, &err) != EG_OK) {
        fprintf(stderr, "recall: %s\n", err.msg);
        goto done;
    }
    printf("hamming %ld after %zu steps\n", result->hamming, result->steps);
    status = result->hamming == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
done:
    eg_recall_result_free(result);
    eg_hopfield_free(net);
    eg_episodes_free(episodes);
    return status;
}
