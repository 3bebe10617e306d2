#!/usr/bin/env python3
"""Score Jamsostek Worker exports against the held-out answer key.
python3 score.py [--key data/answer_key.csv] [--cov coverage.csv] [--rej rejects.csv] [--examples 5]"""
import argparse, csv, re
from collections import Counter, defaultdict

ap = argparse.ArgumentParser()
ap.add_argument('--key', default='data/answer_key.csv')
ap.add_argument('--cov', default='coverage.csv')
ap.add_argument('--rej', default='rejects.csv')
ap.add_argument('--examples', type=int, default=5)
a = ap.parse_args()

def load(p):
    with open(p, newline='', encoding='utf-8-sig') as f:
        return list(csv.DictReader(f))
key, cov, rej = load(a.key), load(a.cov), load(a.rej)
clean = lambda s: re.sub(r'[\s.\-]', '', s or '')
ST = ['COVERED', 'EXPIRING', 'PARTIAL', 'LAPSED', 'INACTIVE', 'NEEDS_REVIEW', 'NOT_REGISTERED']

# ---- join
cov_by = defaultdict(list)
for c in cov:
    cov_by[(c['kode_desa'], clean(c['nik']), c['peran'])].append(c)
amb = sum(1 for v in cov_by.values() if len(v) > 1)
# row numbers in rejects: data-row index or file line?
rej_set = {(r['sumber'], r['baris']) for r in rej}
hit_row = sum((k['file'], k['row']) in rej_set for k in key if k['should_quarantine'] == '1')
hit_line = sum((k['file'], k['line']) in rej_set for k in key if k['should_quarantine'] == '1')
rowcol = 'row' if hit_row >= hit_line else 'line'
rej_by = {(r['sumber'], r['baris']): r for r in rej}

for k in key:
    k['rej'] = rej_by.get((k['file'], k[rowcol]))
    m = cov_by.get((k['kode_desa'], clean(k['roster_nik']), k['role']), [])
    k['cov'] = m[0] if len(m) == 1 else None
    k['cov_multi'] = len(m)

print(f'== rows: key {len(key)}, coverage export {len(cov)}, rejects {len(rej)}; ambiguous export keys {amb}; '
      f'rejects numbered by {"data row (header not counted)" if rowcol == "row" else "file line"}')
unjoined = [k for k in key if k['should_quarantine'] == '0' and not k['cov'] and not k['rej']]
print(f'   good rows neither in export nor rejects: {len(unjoined)}')
for k in unjoined[:a.examples]:
    print('     ', k['file'], k['row'], k['kode_desa'], k['roster_nik'], k['role'], repr(k['roster_name']))

# ---- quarantine
bad = [k for k in key if k['should_quarantine'] == '1']
good = [k for k in key if k['should_quarantine'] == '0']
print(f'\n== quarantine: expected {len(bad)}, actual {len(rej)}; bad rows quarantined {sum(1 for k in bad if k["rej"])}')
missed = [k for k in bad if not k['rej']]
wrongq = [k for k in good if k['rej']]
print(f'   bad rows NOT quarantined: {len(missed)}')
for k in missed[:20]:
    print(f"     {k['file']}:{k['row']} {k['quarantine_reason']} nik={k['roster_nik']!r} name={k['roster_name']!r} -> export {k['cov'] and k['cov']['status']}")
print(f'   good rows quarantined: {len(wrongq)}')
for k in wrongq[:20]:
    print(f"     {k['file']}:{k['row']} {k['mistake']} nik={k['roster_nik']!r} name={k['roster_name']!r}: {k['rej']['alasan']}")
REASON = {'bad_nik': 'nik', 'empty_name': 'nama', 'unknown_desa': 'kode_desa', 'unknown_role': 'peran', 'bad_date': 'tanggal_lahir'}
wrong_reason = [k for k in bad if k['rej'] and REASON[k['quarantine_reason'].split(':')[0]] not in k['rej']['alasan']]
print(f'   quarantined with a reason naming another column: {len(wrong_reason)}')
for k in wrong_reason[:10]:
    print(f"     {k['quarantine_reason']}: {k['rej']['alasan']}")
sub = Counter()
for k in bad:
    if k['rej'] and k['quarantine_reason'].startswith('bad_nik'):
        sub[(k['quarantine_reason'][8:], k['rej']['alasan'][:70])] += 1
print('   bad NIK kind -> reason:')
for (kind, why), n in sorted(sub.items()):
    print(f'     {n:3} {kind:14} {why}')

# ---- statuses
rep = lambda k: k['cov']['status'] if k['cov'] else ('QUARANTINED' if k['rej'] else 'MISSING')
scored = [k for k in good]
ok_strict = sum(rep(k) == k['spec_status'] for k in scored)
ok_either = sum(rep(k) in (k['spec_status'], k['spec_status_lenient']) for k in scored)
ok_world = sum(rep(k) == k['true_status'] for k in scored)
defin = [k for k in scored if rep(k) != 'NEEDS_REVIEW']
ok_def = sum(rep(k) == k['true_status'] for k in defin)
nr = [k for k in scored if rep(k) == 'NEEDS_REVIEW']
nr_right = sum(1 for k in nr if k['cov']['kpj'] in k['true_kpjs'].split('|') and k['cov']['kpj'])
n = len(scored)
print(f'\n== (a) status accuracy over {n} good rows')
print(f'   vs SPEC-expected status (strict: NIK-derived birth date)        {ok_strict/n:.4%}  ({n-ok_strict} wrong)')
print(f'   vs SPEC-expected, strict or village-written birth date accepted {ok_either/n:.4%}  ({n-ok_either} wrong)')
print(f'   vs the true person\'s own status (world truth, no NEEDS_REVIEW)  {ok_world/n:.4%}  ({n-ok_world} wrong)')
print(f'   definitive statuses (all but NEEDS_REVIEW) equal to world truth: {ok_def}/{len(defin)} = {ok_def/len(defin):.4%}')
print(f'   NEEDS_REVIEW rows: {len(nr)}; pointing at the right person {nr_right}, at a namesake/stranger {len(nr)-nr_right}')
def confusion(col, title):
    cm = Counter((k[col], rep(k)) for k in scored)
    cols = ST + ['QUARANTINED', 'MISSING']
    cols = [c for c in cols if any(cm[(t, c)] for t in ST)]
    print(f'   confusion, rows = {title}, columns = reported')
    print('   ' + ' ' * 15 + ''.join(f'{c[:10]:>11}' for c in cols))
    for t in ST:
        if any(cm[(t, c)] for c in cols):
            print('   ' + f'{t:15}' + ''.join(f'{cm[(t, c)]:>11}' for c in cols))
confusion('spec_status', 'SPEC-expected (strict)')
confusion('true_status', 'world truth')

# ---- wrongly COVERED
wc = [k for k in scored if rep(k) == 'COVERED' and k['true_status'] != 'COVERED']
print(f'\n== (c) reported COVERED but the true person is not COVERED: {len(wc)}')
for k in wc:
    c = k['cov']
    print(f"   {k['file']}:{k['row']} roster {k['roster_name']!r} nik {k['roster_nik']} (true {k['true_nik']}, {k['true_status']}, "
          f"spec {k['spec_status']}, twin={k['twin'] or '-'} {k['twin_nik']}) -> kpj {c['kpj']} {c['metode']} {c['skor']}: {c['alasan']}")
wc2 = [k for k in scored if rep(k) == 'COVERED' and k['spec_status'] != 'COVERED' and k['spec_status_lenient'] != 'COVERED']
print(f'   of which not COVERED even by the SPEC cascade: {len(wc2)}')

# ---- (b) typo recall
ty = [k for k in scored if k['mistake'] in ('typo1', 'swap') and k['in_register'] == '1']
def right(k):
    return bool(k['cov'] and k['cov']['kpj'] and k['cov']['kpj'] in k['true_kpjs'].split('|'))
strict_ok = lambda k: right(k) and k['cov']['metode'] == 'NIK_KOREKSI'
loose_ok = lambda k: right(k) and k['cov']['metode'] in ('NIK_KOREKSI', 'NAMA_TGL_LAHIR')
print(f'\n== (b) mistyped NIKs of people in the register: {len(ty)}')
print(f'   recovered as NIK_KOREKSI to the right person        {sum(map(strict_ok, ty))} = {sum(map(strict_ok, ty))/len(ty):.1%}')
print(f'   ... or NEEDS_REVIEW pointing at the right person    {sum(map(loose_ok, ty))} = {sum(map(loose_ok, ty))/len(ty):.1%}')
wrongp = [k for k in ty if k['cov'] and k['cov']['kpj'] and not right(k)]
print(f'   linked to a WRONG person: {len(wrongp)}')
by = defaultdict(list)
for k in ty:
    by[(k['mistake'], k['typo_pos'].split(':')[0], 'dob' if k['has_dob'] == '1' else 'no-dob')].append(k)
print('   by kind / digits touched / file has birth date:   n  koreksi  +review  spec-strict-recoverable')
for g in sorted(by):
    v = by[g]
    print(f'     {"/".join(g):34} {len(v):4} {sum(map(strict_ok, v)):6} {sum(map(loose_ok, v)):7} {sum(k["spec_method"]=="NIK_KOREKSI" for k in v):8}')
st = [k for k in scored if k['mistake'] == 'typo_stranger']
print(f'   mistyped NIK that is a registered stranger\'s NIK: {len(st)} (true person in register: {sum(k["in_register"]=="1" for k in st)})')
for inr in '10':
    v = [k for k in st if k['in_register'] == inr]
    print(f'     in_register={inr}: reported', dict(Counter((rep(k), (k['cov'] or {}).get('metode'), bool(right(k))) for k in v)))
tyn = [k for k in scored if k['mistake'] in ('typo1', 'swap') and k['in_register'] == '0']
print(f'   mistyped NIKs of people NOT in the register: {len(tyn)}, reported: {Counter(rep(k) for k in tyn)}')

# ---- name normalisation & NIK formatting side checks
fmt = [k for k in scored if 'nik_formatted' in k['notes']]
print(f'\n== formatted NIKs (spaces/dots/dashes): {len(fmt)}, joined to export {sum(1 for k in fmt if k["cov"])}, right status {sum(rep(k)==k["spec_status"] for k in fmt)}')
moj = [c for c in cov if re.search('[\u00c2\u00c3\u00e2\ufffd]', c['nama'])]
print(f'   export names with mojibake: {len(moj)} {[c["nama"] for c in moj[:5]]}')

# ---- disagreement categories with examples
print('\n== disagreements (reported vs SPEC-expected, either birth-date reading accepted), by category')
cats = defaultdict(list)
for k in scored:
    r = rep(k)
    if r in (k['spec_status'], k['spec_status_lenient']):
        continue
    tags = k['name_tags']
    cat = (k['mistake'] if k['mistake'] in ('typo1', 'swap') else 'exact' if k['mistake'] in ('none', 'nik_formatted', 'warn_old_kecamatan') else k['mistake'],
           k['typo_pos'].split(':')[0], k['twin'] or '-', f"{k['spec_status']}->{r}", (k['cov'] or {}).get('metode', ''))
    cats[cat].append(k)
for cat, v in sorted(cats.items(), key=lambda x: -len(x[1])):
    print(f'-- {len(v)} x {cat}')
    for k in v[:a.examples]:
        c = k['cov'] or {}
        print(f"     {k['file']}:{k['row']} roster {k['roster_name']!r} nik {k['roster_nik']} dob {k['true_dob']} has_dob={k['has_dob']} | true {k['true_nik']} "
              f"reg {k['register_name']!r} {k['true_status']} | spec {k['spec_status']}/{k['spec_status_lenient']} via {k['spec_method']} {k['spec_match_nik']} | "
              f"twin {k['twin_nik'] or '-'} | got kpj {c.get('kpj')} {c.get('metode')} {c.get('skor')} : {c.get('alasan')}")
