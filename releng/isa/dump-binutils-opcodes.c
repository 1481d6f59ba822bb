/* Prints binutils' PowerPC opcode table as objdump -M power10 sees it: every row of the word and
 * prefixed tables that the power10 dialect enables (ppc-dis.c's "power10" entry), one per line:
 * table, mnemonic, opcode, mask, flags. Compiled against binutils-source's ppc-opc.c by
 * releng/isa/inventory.sh. */
#include <inttypes.h>
#include <stdio.h>

#include "opcode/ppc.h"

static void dump(const char *table, const struct powerpc_opcode *opcodes, unsigned count, ppc_cpu_t dialect) {
    for (unsigned i = 0; i < count; i++) {
        const struct powerpc_opcode *o = &opcodes[i];
        if ((o->flags & dialect) != 0 && (o->deprecated & dialect) == 0) {
            printf("%s\t%s\t%016" PRIx64 "\t%016" PRIx64 "\t%" PRIx64 "\n", table, o->name, (uint64_t) o->opcode,
                   (uint64_t) o->mask, (uint64_t) o->flags);
        }
    }
}

int main(void) {
    ppc_cpu_t power10 = PPC_OPCODE_PPC | PPC_OPCODE_ISEL | PPC_OPCODE_64 | PPC_OPCODE_POWER4 | PPC_OPCODE_POWER5
            | PPC_OPCODE_POWER6 | PPC_OPCODE_POWER7 | PPC_OPCODE_POWER8 | PPC_OPCODE_POWER9 | PPC_OPCODE_POWER10
            | PPC_OPCODE_ALTIVEC | PPC_OPCODE_VSX;
    dump("word", powerpc_opcodes, powerpc_num_opcodes, power10);
    dump("prefixed", prefix_opcodes, prefix_num_opcodes, power10);
    return 0;
}
