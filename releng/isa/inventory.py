#!/usr/bin/env python3
"""Turns binutils' POWER10 opcode table (the rows dump.c prints) into the engine's instruction inventory.

Input rows: table, mnemonic, opcode, mask, flags (hex). Output (stdout): one row per instruction form
that a Linux user program may execute, with its category and, for an extended mnemonic, the base
form it is a special case of. Rows that only privileged code or hardware the ISA 3.1 dropped can run
are left out, each with its reason, by NOT_FOR_USER_PROGRAMS below.
"""
import re
import sys

# Instructions in binutils' power10 dialect that a Linux user program cannot run: privileged or
# hypervisor state (Book III), and transactional memory, which Power ISA 3.1 (POWER10) removed.
NOT_FOR_USER_PROGRAMS = {
    'privileged': """attn rfid rfi rfscv hrfid urfid stop mtmsr mtmsrd mfmsr mtsrd mtsrdin mtsle msgsnd msgclr
        msgsndp msgclrp msgsndu msgclru msgsync tlbie tlbiel tlbia tlbsync tlbld tlbli slbie slbieg slbia
        slbiag slbmte slbmfev slbmfee slbfee. slbsync dcbi rmieg ldcix lwzcix lhzcix lbzcix stdcix stwcix
        sthcix stbcix eciwx ecowx hashstp hashchkp icswx icswx. clrbhrb mfbhrbe""",
    'transactional memory (removed in ISA 3.1)': """tbegin. tend. tabort. tabortwc. tabortdc. tabortwci.
        tabortdci. tcheck tsr. treclaim. trechkpt.""",
}
EXCLUDED = {name: reason for reason, names in NOT_FOR_USER_PROGRAMS.items() for name in names.split()}

# Extended mnemonics that binutils lists before a base form with the same opcode and mask (branch
# hints ending in + or -, and MMA's dm* names, are recognised by their spelling).
LISTED_BEFORE_THEIR_BASE = set('''mr mr. not not. vmr vnot xxmr xxlnot crclr crset crmove crnot pla
    dcbtct dcbtstct xvmovdp xvmovsp xxspltd'''.split())


def is_base_name(name):
    return not (name.endswith(('+', '-')) or name.startswith(('dm', 'pmdm')) or name in LISTED_BEFORE_THEIR_BASE)

VMX_CRYPTO = re.compile(r'^(vn?cipher(last)?|vsbox|vshasigma[wd]|vpmsum[bhwd]|vpermxor)$')
VMX_FP = re.compile(r'^(v(add|sub|max|min)fp|vn?m(add|sub)fp|vrefp|vrsqrtefp|vexptefp|vlogefp|vrfi[nzpm]|'
                    r'vc(f|t)[us]x[s]?|vcmp(eq|ge|gt|b)fp\.?)$')
MMA = re.compile(r'^(pm)?(dm)?(xv.*ger.*|xxm[ft]acc|xxsetaccz|dmxxm[ft]acc|dmsetaccz)$')
DFP = re.compile(r'^(d(add|sub|mul|div|qua|quai|rrnd|scl|scr|tst|rint|ct|cf|de|en|iex|xex|cmp|rsp|rdp)\w*\.?|'
                 r'dmxxm.*)$')


def category(table, primary, name):
    if MMA.match(name):
        return 'MMA'
    if table == 'prefixed':
        return 'prefixed'
    if primary == 4:
        if name.startswith('bcd'):
            return 'VMX BCD'
        if VMX_CRYPTO.match(name):
            return 'VMX crypto'
        if VMX_FP.match(name):
            return 'VMX floating-point'
        if name.startswith(('v', 'mtvscr', 'mfvscr', 'mtvsr')):
            return 'VMX integer and permute'
        return 'fixed-point'
    if primary in (59, 63):
        if DFP.match(name):
            return 'decimal floating-point'
        if name.startswith('xs'):
            return 'VSX quad-precision'
        return 'floating-point'
    if primary == 60 or name.startswith(('lxv', 'stxv', 'lxs', 'stxs', 'mfvsr', 'mtvsr', 'plxv', 'pstxv')):
        return 'VSX scalar' if name.startswith(('xs', 'lxs', 'stxs', 'mfvsr', 'mtvsr', 'lxsd', 'stxsd')) else 'VSX vector'
    if name in ('lxsd', 'lxssp', 'stxsd', 'stxssp'):
        return 'VSX scalar'
    if name.startswith(('lv', 'stv', 'dst', 'dss')):
        return 'VMX integer and permute'
    if name.startswith(('lf', 'stf')):
        return 'floating-point'
    if primary in (16, 17, 18) or (primary == 19 and name != 'addpcis') or name in (
            'mfcr', 'mfocrf', 'mtcrf', 'mtocrf', 'mcrxrx'):
        return 'branch and condition register'
    return 'fixed-point'


def identical_rank(rows, i):
    """Orders rows with the same opcode and mask: the base form first, then binutils' order."""
    return (0 if is_base_name(rows[i][1]) else 1, i)


def generality(rows, i):
    """Orders candidate base forms: fewest fixed bits first, then as identical_rank."""
    return (bin(rows[i][3]).count('1'), identical_rank(rows, i))


def main(path):
    rows = []
    for line in open(path):
        table, name, opcode, mask, _flags = line.rstrip('\n').split('\t')
        rows.append((table, name, int(opcode, 16), int(mask, 16)))
    out = []
    for i, (table, name, opcode, mask) in enumerate(rows):
        if name in EXCLUDED:
            continue
        # the base form: the most general other row this one is a case of (of identical rows, the
        # one identical_rank puts first)
        base = None
        for j, (table2, name2, opcode2, mask2) in enumerate(rows):
            if j == i or table2 != table or (mask2 & ~mask) != 0 or (opcode & mask2) != opcode2:
                continue
            if mask2 == mask and identical_rank(rows, j) > identical_rank(rows, i):
                continue
            if base is None or generality(rows, j) < generality(rows, base):
                base = j
        if base is not None and rows[base][1] in EXCLUDED:
            continue   # an extended mnemonic of an excluded form (tendall. of tend.) goes with it
        width = 16 if table == 'prefixed' else 8
        # an extended mnemonic is in its base form's category (subpcis is fixed-point like addpcis)
        base_name = rows[base][1] if base is not None else name
        out.append((category(table, (opcode >> 26) & 63, base_name), name, f'{opcode:0{width}x}', f'{mask:0{width}x}',
                    rows[base][1] if base is not None else '-'))
    print('# category\tmnemonic\topcode\tmask\textended mnemonic of')
    for row in out:
        print('\t'.join(row))


if __name__ == '__main__':
    main(sys.argv[1])
