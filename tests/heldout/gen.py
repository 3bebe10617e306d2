#!/usr/bin/env python3
"""Held-out labelled data set for Jamsostek Worker, written from SPEC.md alone.

python3 gen.py [--seed N] [--out data]
Produces roster CSVs (SPEC 2.1), one BPJS membership CSV (SPEC 2.3) and answer_key.csv.
Truth as of D = 2026-12-01, expiring window 30 days.
"""
import argparse, csv, datetime as dt, io, os, random, shutil
from collections import defaultdict

REF = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'sql', 'reference')
D = dt.date(2026, 12, 1)
WINDOW = 30
THIS_YEAR = 2026

ap = argparse.ArgumentParser()
ap.add_argument('--seed', type=int, default=20261201)
ap.add_argument('--out', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '.local', 'heldout', 'data'))
ap.add_argument('--others', type=int, default=100_000)
ap.add_argument('--rows', type=int, default=30_000)
args = ap.parse_args()
R = random.Random(args.seed)

# ---------------------------------------------------------------- reference data
def rd(name):
    with open(os.path.join(REF, name), newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))

wil = rd('serang_wilayah.csv')
desa_all = [r for r in wil if r['level'] == 'desa']
regencies = {r['code'].replace('.', '') for r in rd('regencies.csv')}
regencies |= {r['code'].replace('.', '') for r in rd('regencies_historical.csv')}
districts = [r['code'].replace('.', '') for r in rd('districts.csv')]
serang_kec_now = sorted({r['code'].replace('.', '') for r in wil if r['level'] == 'kecamatan'})
serang_kec_old = ['360401', '360402', '360403', '360404', '360410', '360421']  # not in today's list (warning only)
serang_kec_old = [k for k in serang_kec_old if k not in districts]
banten_other_kec = [d for d in districts if d[:4] in ('3601', '3602', '3603', '3671', '3672', '3673', '3674')]
outside_kec = [d for d in districts if d[:4] in ('3171', '3172', '3174', '3175', '3201', '3204', '3216', '3275', '3302', '1801', '1871')]
COASTAL = {'360405', '360407', '360408', '360412', '360413', '360414', '360430', '360431'}

# ---------------------------------------------------------------- NIK rules (SPEC 3.1)
def infer_year(yy):
    y = 2000 + yy
    return y if y <= THIS_YEAR else y - 100

def nik_valid(n):
    if len(n) != 16 or not n.isdigit() or n[0] == '0':
        return False
    if n[:4] not in regencies:
        return False
    dd, mm, yy, ser = int(n[6:8]), int(n[8:10]), int(n[10:12]), n[12:]
    if dd == 0 or 32 <= dd <= 40 or dd > 71:
        return False
    if not 1 <= mm <= 12 or ser == '0000':
        return False
    if dd > 40:
        dd -= 40
    try:
        dt.date(infer_year(yy), mm, dd)
    except ValueError:
        return False
    return True

def nik_dob_sex(n):
    dd, mm, yy = int(n[6:8]), int(n[8:10]), int(n[10:12])
    sex = 'L'
    if dd > 40:
        dd -= 40; sex = 'P'
    return dt.date(infer_year(yy), mm, dd), sex

all_niks = set()
def make_nik(kec6, dob, sex, serial=None):
    dd = dob.day + (40 if sex == 'P' else 0)
    base = f'{kec6}{dd:02d}{dob.month:02d}{dob.year % 100:02d}'
    while True:
        s = serial if serial is not None else R.randint(1, 2500 if R.random() < .8 else 9999)
        n = f'{base}{s:04d}'
        if n not in all_niks:
            all_niks.add(n); return n
        serial = None

# ---------------------------------------------------------------- names
MALE = ('ASEP UJANG DEDE CECEP JAJANG ADE AEP ENDANG UCUP UDIN SUPARMAN SUKARTA SARMIDI JAENUDIN SAEPUL SULAEMAN '
        'ROHMAT HASANUDIN MAMAN MAMAT OMAN IWAN WAWAN DADANG YAYAN YUDI RUDI AGUS ENTIS ENCEP ENGKOS EMEN JUMADI '
        'KUSNADI SURYA SUPRIYADI SUTISNA TATANG UUS USEP AHMAD HASAN HUSEN SANUSI SARIP JUHDI MULYANA NANANG DUDUNG '
        'ENDIN JAMHARI SAMSUL SYARIF SYAMSUDIN JUNAEDI JAMALUDIN TUBAGUS HERI DENI ROBI FAJAR RIZKI IHSAN ARIF '
        "SOLEH SAMAN KASMAN KARTA RASIM WARSIM CARSIM SARTA DULHADI MA'RUF SYAFI'I NURDIN ANDI BUDI TONI").split()
FEMALE = ('AMINAH NURHAYATI EUIS ENENG ENUNG IMAS IIS NENENG CUCU CICIH ELA ETI IKA LILIS YUYUN YATI ENTIN ENAH '
          'ONAH ICIH JUJU ROHMAH RUKMINI SUMIATI SURYANI MULYANI RATNA DEWI FITRI NURJANAH NANI ANI RINI TUTI UMI '
          "UCU SITI JUBAEDAH SAMSIAH MASITOH KHODIJAH FATIMAH MARYAM HALIMAH ROSIDAH NUR'AENI SUNENGSIH CUCUM "
          'ATIKAH JULAEHA SYARIFAH NYAI UJUN RUSMINAH WARSIH CARIAH SUCI AYU INDAH').split()
SECOND = ('SUNARYA SURYANA HIDAYAT HERMAWAN KURNIAWAN SETIAWAN PERMANA SAPUTRA RAHMAT HIDAYATULLAH SOPANDI '
          'SUPRIATNA MULYADI SUHERMAN SUKMANA SUDRAJAT WIJAYA JAELANI MAULANA SYARIFUDIN NURJAMAN SAEPUDIN RUHIYAT '
          'RUSTANDI JUHANA JAMALUDIN CAHYADI SANUSI SOLIHIN KOSASIH MUHIDIN SUBAGJA SANJAYA FIRDAUS AMINUDIN '
          'BUDIMAN GUNAWAN SUTARNA JUNAEDI ROSADI SUPENDI ABDULLAH NURHADI SUBANDI TAUFIK RAMDANI SOFYAN').split()
SECOND_F = ('SARI LESTARI WATI RAHAYU HASANAH NINGSIH KOMALASARI PUSPITASARI MARLINA NURAENI SUMARNI WULANDARI '
            'AMALIA KURNIASIH RAHMAWATI HANDAYANI YULIANTI').split()
ABDUL_TAIL = 'ROHMAN ROHIM MALIK AZIZ GHONI KHOLIK MUHYI HAMID WAHAB LATIF KODIR SALAM'.split()

def gen_name(sex):
    """canonical tokens (upper ASCII) and father's name (for bin/binti) or None"""
    t = []
    if sex == 'L':
        r = R.random()
        if r < .18:
            t.append('MUHAMMAD'); t.append(R.choice(MALE + SECOND))
        elif r < .26:
            t += ['ABDUL', R.choice(ABDUL_TAIL)]
        else:
            t.append(R.choice(MALE))
        if R.random() < .75:
            t.append(R.choice(SECOND))
    else:
        if R.random() < .22:
            t += ['SITI', R.choice([x for x in FEMALE if x != 'SITI'])]
        else:
            t.append(R.choice(FEMALE))
        if R.random() < .6:
            t.append(R.choice(SECOND_F + SECOND))
    # no immediate duplicate token
    out = []
    for x in t:
        if not out or out[-1] != x:
            out.append(x)
    father = R.choice(MALE + SECOND) if R.random() < .05 else None
    return out, father

MUH_VARIANTS = ['Muhammad', 'Muhamad', 'Mohammad', 'Moh.', 'M.', 'Muh.', 'Mhd.']
PRE_M = [('H.', 1), ('Drs.', 1), ('Ir.', 1), ('Bapak', 1), ('Drs. H.', 1), ('Bpk.', 0), ('KH.', 0), ('Ust.', 0)]
PRE_F = [('Hj.', 1), ('Ibu', 1), ('Dra.', 0), ('Ny.', 0), ('Hj. Dra.', 0)]
SUF = [('S.Pd.', 1), ('S.Ag.', 1), ('S.Pd.I', 0), ('S.E.', 0), ('S.H.', 0), ('S.Kom', 0), ('A.Md.', 0), ('S.IP', 0), ('M.Pd.', 0)]

def old_spelling(s):
    # Van Ophuijsen / Soewandi forms of the modern spelling (reversed by SPEC normalisation)
    s = s.replace('NY', 'NJ').replace('SY', 'SJ')
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if c == 'U' and not (i > 0 and s[i - 1] == 'O'):
            out.append('OE')
        elif c == 'J' and not (i > 0 and s[i - 1] in 'NS'):
            out.append('DJ')
        elif c == 'C':
            out.append('TJ')
        else:
            out.append(c)
        i += 1
    return ''.join(out)

def cap(tok):
    return tok[:1].upper() + tok[1:].lower() if tok else tok

def roster_name(tokens, father, sex, born):
    """how a village operator writes the name; returns (text, list of variant tags)"""
    tags = []
    toks = list(tokens)
    old = R.random() < (.15 if born.year < 1970 else .04)
    if old and any(ch in ''.join(toks) for ch in ('U', 'J', 'C', 'NY', 'SY')):
        toks = [old_spelling(x) for x in toks]; tags.append('old_spelling')
    words = []
    for x in toks:
        if x == 'MUHAMMAD' and R.random() < .6:
            v = R.choice(MUH_VARIANTS); words.append(v); tags.append('muh:' + v)
        elif x == 'SITI' and R.random() < .4:
            words.append('St.'); tags.append('siti:St.')
        elif x == 'ABDUL' and R.random() < .4:
            words.append('Abd.'); tags.append('abd:Abd.')
        else:
            words.append(cap(x))
    if father:
        words += ['bin' if sex == 'L' else 'binti', cap(father)]; tags.append('bin')
    name = ' '.join(words)
    if R.random() < .18:
        t, listed = R.choice(PRE_M if sex == 'L' else PRE_F)
        name = f'{t} {name}'; tags.append(('title:' if listed else 'title_x:') + t)
    if R.random() < .08:
        t, listed = R.choice(SUF)
        name = f'{name}, {t}'; tags.append(('title:' if listed else 'title_x:') + t)
    r = R.random()
    if r < .30:
        name = name.upper(); tags.append('upper')
    elif r < .38:
        name = name.lower(); tags.append('lower')
    if R.random() < .04:
        name = name.replace(' ', '  ', 1); tags.append('space')
    if R.random() < .03:
        name = name.replace('. ', '.', 1)
    if R.random() < .03:
        name = ' ' + name + ' '
    if "'" in name and R.random() < .5:
        name = name.replace("'", '\u2019'); tags.append('curly_apos')
    return name, tags

def bpjs_name(tokens, father, sex):
    toks = list(tokens)
    out = []
    for x in toks:
        if x == 'MUHAMMAD' and R.random() < .15:
            out.append(R.choice(['MUHAMAD', 'MOHAMMAD']))
        else:
            out.append(x)
    if father and R.random() < .4:
        out += ['BIN' if sex == 'L' else 'BINTI', father]
    s = ' '.join(out)
    if "'" in s and R.random() < .3:
        s = s.replace("'", '')
    return s

def norm_key(tokens):
    return ' '.join(tokens).replace("'", '')

# ---------------------------------------------------------------- people
class P:
    __slots__ = ('nik', 'tokens', 'father', 'sex', 'dob', 'kec', 'bpjs_name', 'records', 'kind')
people = {}

def rand_dob(lo=1954, hi=2006):
    while True:
        y = R.randint(lo, hi)
        d = dt.date(y, 1, 1) + dt.timedelta(days=R.randint(0, 365))
        if d.year == y:
            return d

def new_person(kec, sex=None, dob=None, tokens=None, father=None, serial=None, kind='roster', nik=None):
    p = P()
    if nik:
        dob, sex = nik_dob_sex(nik)
    p.sex = sex or R.choice('LP')
    p.dob = dob or rand_dob()
    if tokens is None:
        tokens, father = gen_name(p.sex)
    p.tokens, p.father = tokens, father
    p.kec = kec
    if nik:
        assert nik not in all_niks
        all_niks.add(nik); p.nik = nik
    else:
        p.nik = make_nik(kec, p.dob, p.sex, serial)
    p.bpjs_name = bpjs_name(tokens, father, p.sex)
    p.records = []
    p.kind = kind
    people[p.nik] = p
    return p

# ---------------------------------------------------------------- membership records
kpjs = set()
def new_kpj():
    while True:
        k = '2' + ''.join(R.choice('0123456789') for _ in range(10))
        if k not in kpjs:
            kpjs.add(k); return k

FULL = {'PU': ['JKK;JKM;JHT;JP', 'JKK;JKM;JHT;JP;JKP', 'JKK;JKM;JHT'], 'BPU': ['JKK;JKM', 'JKK;JKM;JHT', 'JKK;JKM'],
        'JAKON': ['JKK;JKM'], 'PMI': ['JKK;JKM;JHT']}
PART = ['JKK;JHT', 'JKM;JHT', 'JHT;JP', 'JKK', 'JKM', 'JHT']

def seg():
    r = R.random()
    return 'BPU' if r < .6 else 'PU' if r < .9 else 'JAKON' if r < .95 else 'PMI'

def rec(p, status, iuran, segmen=None, programs=None):
    s = segmen or seg()
    pr = programs or R.choice(FULL[s])
    p.records.append(dict(nik=p.nik, kpj=new_kpj(), nama=p.bpjs_name, tanggal_lahir=p.dob.isoformat(), segmen=s,
                          program=pr, status=status, iuran_sampai=iuran.isoformat()))

def days(n):
    return D + dt.timedelta(days=n)

def give_membership(p, mix):
    """mix: label chosen for this person; creates the records"""
    if mix == 'covered':
        rec(p, 'AKTIF', days(R.randint(30, 400)) if R.random() < .05 else days(R.randint(35, 400)))
    elif mix == 'expiring':
        rec(p, 'AKTIF', days(R.choice([10, 10, 10, R.randint(0, 29)])))
    elif mix == 'lapsed':
        s = seg()
        rec(p, 'AKTIF', days(-R.randint(1, 85) if s == 'BPU' else -R.randint(1, 300)), s)
    elif mix == 'inactive':
        rec(p, 'NONAKTIF', days(-R.randint(90, 2000)) if R.random() < .9 else days(R.randint(1, 200)))
    elif mix == 'partial':
        s = seg()
        rec(p, 'AKTIF', days(R.randint(0, 29)) if R.random() < .1 else days(R.randint(30, 400)), s, R.choice(PART))
    elif mix == 'two_kpj':  # old NONAKTIF + new AKTIF
        rec(p, 'NONAKTIF', days(-R.randint(200, 3000)), 'PU')
        give_membership(p, R.choice(['covered', 'covered', 'expiring', 'lapsed', 'partial']))
    elif mix == 'pu_bpu':  # two active memberships: best is the later iuran_sampai
        if R.random() < .6:
            rec(p, 'AKTIF', days(R.randint(40, 200)), 'PU', 'JKK;JKM;JHT;JP')
            rec(p, 'AKTIF', days(-R.randint(10, 80)), 'BPU', 'JKK;JKM')
        else:  # later one lacks JKM -> PARTIAL per "best record"
            rec(p, 'AKTIF', days(R.randint(100, 300)), 'PU', 'JKK;JHT;JP')
            rec(p, 'AKTIF', days(R.randint(35, 90)), 'BPU', 'JKK;JKM')
    elif mix == 'boundary':
        k = R.choice([-1, 0, 29, 30])
        rec(p, 'AKTIF', days(k), 'BPU', 'JKK;JKM')
    else:
        raise ValueError(mix)

def pick_mix(table):
    r = R.random(); acc = 0
    for k, w in table:
        acc += w
        if r < acc:
            return k
    return table[-1][0]

ROSTER_MIX = [('covered', .50), ('expiring', .10), ('lapsed', .13), ('inactive', .10), ('partial', .09),
              ('two_kpj', .05), ('pu_bpu', .02), ('boundary', .01)]
OTHER_MIX = [('covered', .45), ('expiring', .08), ('lapsed', .15), ('inactive', .20), ('partial', .08), ('two_kpj', .04)]

def status_of(records):
    if not records:
        return 'NOT_REGISTERED'
    best = max(records, key=lambda r: (r['status'] == 'AKTIF', r['iuran_sampai']))
    if best['status'] != 'AKTIF':
        return 'INACTIVE'
    iu = dt.date.fromisoformat(best['iuran_sampai'])
    if iu < D:
        return 'LAPSED'
    if not {'JKK', 'JKM'} <= set(best['program'].split(';')):
        return 'PARTIAL'
    if iu < D + dt.timedelta(days=WINDOW):
        return 'EXPIRING'
    return 'COVERED'

# ---------------------------------------------------------------- villages and roster people
desa40 = R.sample(desa_all, 40)
ROLE_W = [('BPD', 9), ('KETUA_RW', 8), ('KETUA_RT', 30), ('PERANGKAT_DESA', 12), ('KADER_POSYANDU', 25),
          ('PENDAMPING_PKH', 2), ('PETANI', 450), ('NELAYAN', 0), ('LAINNYA', 100)]
FEMALE_P = {'BPD': .2, 'KETUA_RW': .05, 'KETUA_RT': .1, 'PERANGKAT_DESA': .3, 'KADER_POSYANDU': .95,
            'PENDAMPING_PKH': .6, 'PETANI': .35, 'NELAYAN': .05, 'LAINNYA': .5}
LABELS = {'BPD': ['BPD', 'bpd', 'Bpd'], 'KETUA_RW': ['Ketua RW', 'ketua rw', 'KETUA RW'],
          'KETUA_RT': ['Ketua RT', 'ketua rt', 'KETUA RT', 'Ketua Rt'], 'PERANGKAT_DESA': ['Perangkat Desa', 'perangkat desa'],
          'KADER_POSYANDU': ['Kader Posyandu', 'kader posyandu', 'KADER POSYANDU'], 'PENDAMPING_PKH': ['Pendamping PKH'],
          'PETANI': ['Petani', 'petani', 'PETANI'], 'NELAYAN': ['Nelayan', 'nelayan'], 'LAINNYA': ['Lainnya', 'lainnya']}

def person_kec(desa_kec):
    r = R.random()
    if r < .85: return desa_kec
    if r < .90: return R.choice(serang_kec_now)
    if r < .92: return R.choice(serang_kec_old)
    if r < .98: return R.choice(banten_other_kec)
    return R.choice(outside_kec)

per_desa = args.rows // 40
rows = []   # dicts: desa, person, role
for d in desa40:
    code = d['code'].replace('.', '')
    kec = code[:6]
    n = int(per_desa * R.uniform(.7, 1.3))
    weights = [(r, w if r != 'NELAYAN' else (120 if kec in COASTAL else 0)) for r, w in ROLE_W]
    if kec in COASTAL:
        weights = [(r, w * (.6 if r == 'PETANI' else 1)) for r, w in weights]
    tot = sum(w for _, w in weights)
    seen_role = set()
    for _ in range(n):
        role = pick_mix([(r, w / tot) for r, w in weights])
        sex = 'P' if R.random() < FEMALE_P[role] else 'L'
        p = new_person(person_kec(kec), sex)
        rows.append(dict(desa=code, p=p, role=role))
        if R.random() < .01:  # same person with a second role in the same village
            role2 = R.choice([r for r, w in weights if w and r != role])
            rows.append(dict(desa=code, p=p, role=role2))

roster_people = list({id(r['p']): r['p'] for r in rows}.values())
for p in roster_people:
    if R.random() < .5:
        give_membership(p, pick_mix(ROSTER_MIX))

# ---------------------------------------------------------------- name twins (different people, same name + birth date)
twins = {}
for p in R.sample(roster_people, 600):
    r = R.random()
    if r < .05:
        kind = 'twin_serial1'   # same kecamatan, serial off by one digit: SPEC rule 2 cannot tell them apart
        ser = int(p.nik[12:])
        for _ in range(50):
            pos = R.randint(0, 3)
            s = list(f'{ser:04d}'); s[pos] = R.choice([c for c in '0123456789' if c != s[pos]])
            s = int(''.join(s))
            if s and p.nik[:12] + f'{s:04d}' not in all_niks:
                break
        t = new_person(p.kec, p.sex, p.dob, p.tokens, p.father, serial=s, kind=kind)
    elif r < .50:
        kind = 'twin_same_kec'
        while True:
            s = R.randint(1, 9999)
            diff = sum(a != b for a, b in zip(f'{s:04d}', p.nik[12:]))
            if diff >= 2 and p.nik[:12] + f'{s:04d}' not in all_niks:
                break
        t = new_person(p.kec, p.sex, p.dob, p.tokens, p.father, serial=s, kind=kind)
    else:
        kind = 'twin_other_kec'
        k = R.choice(serang_kec_now + banten_other_kec)
        while k == p.kec:
            k = R.choice(serang_kec_now + banten_other_kec)
        t = new_person(k, p.sex, p.dob, p.tokens, p.father, kind=kind)
    t.bpjs_name = p.bpjs_name
    give_membership(t, 'covered' if R.random() < .8 else pick_mix(OTHER_MIX))
    twins[p.nik] = (kind, t)

# ---------------------------------------------------------------- other Banten people, all in the register
for _ in range(args.others):
    k = R.choice(serang_kec_now) if R.random() < .6 else R.choice(banten_other_kec)
    o = new_person(k, kind='other')
    give_membership(o, pick_mix(OTHER_MIX))

register = {n: p for n, p in people.items() if p.records}

# ---------------------------------------------------------------- typos (keep the NIK valid per SPEC 3.1)
def typo_one(n):
    for _ in range(200):
        i = R.randrange(16)
        c = R.choice([x for x in '0123456789' if x != n[i]])
        m = n[:i] + c + n[i + 1:]
        if nik_valid(m) and m not in all_niks:
            return m, i
    return None, None

def typo_swap(n):
    for _ in range(200):
        i = R.randrange(15)
        if n[i] == n[i + 1]:
            continue
        m = n[:i] + n[i + 1] + n[i] + n[i + 2:]
        if nik_valid(m) and m not in all_niks:
            return m, i
    return None, None

def pos_class(i, kind):
    j = [i] if kind == 'typo1' else [i, i + 1]
    cl = set('region' if x < 6 else 'date' if x < 12 else 'serial' for x in j)
    return '+'.join(sorted(cl))

dup_niks = defaultdict(int)
for r in rows:
    dup_niks[r['p'].nik] += 1
for r in rows:
    r['nik_written'] = r['p'].nik
    r['mistake'] = 'none'
    r['typo_pos'] = ''
    if dup_niks[r['p'].nik] > 1:
        continue
    x = R.random()
    if x < .02:
        m, i = typo_one(r['p'].nik)
        if m:
            r['nik_written'], r['mistake'], r['typo_pos'] = m, 'typo1', pos_class(i, 'typo1') + f':{i}'
            all_niks.add(m)
    elif x < .026:
        m, i = typo_swap(r['p'].nik)
        if m:
            r['nik_written'], r['mistake'], r['typo_pos'] = m, 'swap', pos_class(i, 'swap') + f':{i}'
            all_niks.add(m)

# a mistyped NIK that is a registered stranger's NIK (different name, birth date as his NIK says)
strangers = {}
cands = [r for r in rows if r['mistake'] == 'none' and dup_niks[r['p'].nik] == 1]
for r in R.sample(cands, 40):
    m, i = typo_one(r['p'].nik)
    if not m:
        continue
    while True:
        sex = nik_dob_sex(m)[1]
        toks, fa = gen_name(sex)
        if not set(toks) & set(r['p'].tokens):
            break
    s_ = new_person(m[:6], tokens=toks, father=fa, kind='stranger', nik=m)
    give_membership(s_, 'covered' if R.random() < .7 else pick_mix(OTHER_MIX))
    strangers[m] = s_
    r['nik_written'], r['mistake'], r['typo_pos'] = m, 'typo_stranger', pos_class(i, 'typo1') + f':{i}'

# people the village lists by a nickname that shares no word with the registered name
NICK = 'UCUP ENCUN OOM EPI NENG NONO ACIH EMEH ABAH UWA MAMAH KANG TEH ENTONG JALU UKI OPIK'.split()
cands = [r for r in rows if r['mistake'] == 'none' and dup_niks[r['p'].nik] == 1 and r['p'].records]
for r in R.sample(cands, 40):
    nick = [x for x in NICK if x not in r['p'].tokens]
    r['nick'] = R.choice(nick)
    r['mistake'] = 'nickname'

# ---------------------------------------------------------------- roster files layout
R.shuffle(desa40)
groups = []
i = 0
while i < len(desa40):
    k = 1 if R.random() < .7 else R.choice([2, 3])
    groups.append([d['code'].replace('.', '') for d in desa40[i:i + k]]); i += k

HDR = {'id': ['kode_desa', 'nik', 'nama', 'tanggal_lahir', 'jenis_kelamin', 'peran', 'no_hp'],
       'en': ['village_code', 'nik', 'name', 'birth_date', 'sex', 'role', 'phone'],
       'up': ['KODE_DESA', 'NIK', 'NAMA', 'TANGGAL_LAHIR', 'JENIS_KELAMIN', 'PERAN', 'NO_HP'],
       'mix': ['Kode_Desa', 'NIK', 'Nama', 'Birth_Date', 'Sex', 'Peran', 'No_HP']}
DFMT = {'iso': '%Y-%m-%d', 'dmy': '%d-%m-%Y', 'dmy/': '%d/%m/%Y'}

files = []
for gi, g in enumerate(groups):
    o = dict(desa=g, delim=R.choice([',', ',', ';']), enc=R.choice(['utf-8', 'utf-8', 'utf-8-sig', 'cp1252']),
             dotted=R.random() < .5, dob=R.random() < .55, dfmt=R.choice(list(DFMT)), sex=R.random() < .4,
             hp=R.random() < .5, hdr=R.choice(['id', 'id', 'id', 'en', 'up', 'mix']), crlf=R.random() < .5,
             label=R.random())
    o['name'] = f'roster_{gi + 1:02d}_{g[0]}' + ('_dkk' if len(g) > 1 else '') + '.csv'
    files.append(o)
by_desa = {f_: o for o in files for f_ in o['desa']}

def fmt_code(code, dotted):
    return f'{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}' if dotted else code

def fmt_nik_noise(n):
    r = R.random()
    if r < .4: return f'{n[:4]} {n[4:8]} {n[8:12]} {n[12:]}'
    if r < .7: return f'{n[:2]}.{n[2:4]}.{n[4:6]}.{n[6:12]}.{n[12:]}'
    return f'{n[:6]}-{n[6:12]}-{n[12:]}'

out_rows = defaultdict(list)  # file -> list of (row dict for csv, key dict)
for r in rows:
    o = by_desa[r['desa']]
    p = r['p']
    name, tags = roster_name(p.tokens, p.father, p.sex, p.dob)
    if r.get('nick'):
        name, tags = R.choice([r['nick'].capitalize(), 'Bapak ' + r['nick'].capitalize() if p.sex == 'L' else 'Ibu ' + r['nick'].capitalize(), r['nick']]), ['nickname']
    role_txt = r['role'] if R.random() > (o['label'] * .8) else R.choice(LABELS[r['role']])
    nik_txt = r['nik_written']
    extra = []
    if R.random() < .01:
        nik_txt = fmt_nik_noise(nik_txt); extra.append('nik_formatted')
    dob_txt = p.dob.strftime(DFMT[o['dfmt']]) if o['dob'] else ''
    sex_txt = p.sex
    if R.random() < .0007 and o['dob']:
        dob_txt = (p.dob + dt.timedelta(days=R.choice([1, 365, -30]))).strftime(DFMT[o['dfmt']]); extra.append('warn_dob_contradicts')
    elif R.random() < .0007 and o['sex']:
        sex_txt = 'L' if p.sex == 'P' else 'P'; extra.append('warn_sex_contradicts')
    if p.nik[:6] in serang_kec_old:
        extra.append('warn_old_kecamatan')
    csvrow = dict(kode_desa=fmt_code(r['desa'], o['dotted']), nik=nik_txt, nama=name, tanggal_lahir=dob_txt,
                  jenis_kelamin=sex_txt, peran=role_txt, no_hp='08' + ''.join(R.choice('0123456789') for _ in range(R.randint(9, 11))) if R.random() < .7 else '')
    key = dict(kode_desa=r['desa'], roster_nik=r['nik_written'], true_nik=p.nik, role=r['role'], roster_name=name,
               register_name=p.bpjs_name if p.records else '', name_tags='|'.join(tags), true_dob=p.dob.isoformat(),
               mistake=r['mistake'] if not extra or r['mistake'] != 'none' else extra[0], typo_pos=r['typo_pos'],
               notes='|'.join(extra), should_quarantine=0, quarantine_reason='')
    out_rows[o['name']].append((csvrow, key))

# a few children (age under 15: warning, not rejection) and leap-day births
for _ in range(6):
    o = R.choice(files); code = R.choice(o['desa'])
    p = new_person(code[:6], dob=rand_dob(2012, 2014), kind='roster')
    name, tags = roster_name(p.tokens, p.father, p.sex, p.dob)
    out_rows[o['name']].append((dict(kode_desa=fmt_code(code, o['dotted']), nik=p.nik, nama=name,
        tanggal_lahir=p.dob.strftime(DFMT[o['dfmt']]) if o['dob'] else '', jenis_kelamin=p.sex, peran='LAINNYA', no_hp=''),
        dict(kode_desa=code, roster_nik=p.nik, true_nik=p.nik, role='LAINNYA', roster_name=name, register_name='',
             name_tags='|'.join(tags), true_dob=p.dob.isoformat(), mistake='warn_under15', typo_pos='', notes='warn_under15',
             should_quarantine=0, quarantine_reason='')))
for y in (1956, 1964, 1980, 1996, 2000, 2004):
    o = R.choice(files); code = R.choice(o['desa'])
    p = new_person(code[:6], dob=dt.date(y, 2, 29), kind='roster')
    if R.random() < .5: give_membership(p, 'covered')
    name, tags = roster_name(p.tokens, p.father, p.sex, p.dob)
    out_rows[o['name']].append((dict(kode_desa=fmt_code(code, o['dotted']), nik=p.nik, nama=name,
        tanggal_lahir=p.dob.strftime(DFMT[o['dfmt']]) if o['dob'] else '', jenis_kelamin=p.sex, peran='PETANI', no_hp=''),
        dict(kode_desa=code, roster_nik=p.nik, true_nik=p.nik, role='PETANI', roster_name=name,
             register_name=p.bpjs_name if p.records else '', name_tags='|'.join(tags), true_dob=p.dob.isoformat(),
             mistake='leap_day', typo_pos='', notes='leap_day', should_quarantine=0, quarantine_reason='')))
register = {n: p for n, p in people.items() if p.records}

# ---------------------------------------------------------------- plainly bad rows
def bad_nik(base):
    k = R.choice(['short', 'long', 'letter', 'regency', 'province', 'day00', 'day35', 'day75', 'month00', 'month13',
                  'apr31', 'feb30', 'feb29_nonleap', 'serial0000', 'temporary', 'scientific'])
    b = base
    if k == 'short': return b[:15], k
    if k == 'long': return b + '7', k
    if k == 'letter': return b[:9] + 'O' + b[10:], k
    if k == 'regency': return b[:2] + '99' + b[4:], k
    if k == 'province': return '99' + b[2:], k
    if k == 'day00': return b[:6] + '00' + b[8:], k
    if k == 'day35': return b[:6] + '35' + b[8:], k
    if k == 'day75': return b[:6] + '75' + b[8:], k
    if k == 'month00': return b[:8] + '00' + b[10:], k
    if k == 'month13': return b[:8] + '13' + b[10:], k
    if k == 'apr31': return b[:6] + '3104' + b[10:], k
    if k == 'feb30': return b[:6] + '3002' + b[10:], k
    if k == 'feb29_nonleap': return b[:6] + R.choice(['2902', '6902']) + R.choice(['81', '83', '75', '97']) + b[12:], k
    if k == 'serial0000': return b[:12] + '0000', k
    if k == 'temporary': return '0' + b[:15], k
    if k == 'scientific': return f'{int(b) / 1e15:.5f}'.rstrip('0') + 'E+15', k

BAD_ROLES = ['Guru Ngaji', 'Tukang Ojek', 'Pedagang', 'Wiraswasta', 'Sopir']
BAD_DATES = {'iso': ['1985-02-30', '1979-13-01', '1990-04-31', 'tgl lahir'],
             'dmy': ['30-02-1985', '01-13-1979', '31-04-1990', '00-00-0000'],
             'dmy/': ['30/02/1985', '15/13/1979', '31/04/1990', '-']}
n_bad = 0
for kind, cnt in [('bad_nik', 130), ('empty_name', 45), ('unknown_desa', 45), ('unknown_role', 45), ('bad_date', 40)]:
    for _ in range(cnt):
        cands = [o for o in files if o['dob']] if kind == 'bad_date' else files
        o = R.choice(cands); code = R.choice(o['desa'])
        p = new_person(person_kec(code[:6]), kind='bad')
        name, tags = roster_name(p.tokens, p.father, p.sex, p.dob)
        role = R.choice(list(LABELS))
        row = dict(kode_desa=fmt_code(code, o['dotted']), nik=p.nik, nama=name,
                   tanggal_lahir=p.dob.strftime(DFMT[o['dfmt']]) if o['dob'] else '', jenis_kelamin=p.sex, peran=role, no_hp='')
        reason = kind
        if kind == 'bad_nik':
            row['nik'], sub = bad_nik(p.nik); reason = 'bad_nik:' + sub
        elif kind == 'empty_name':
            row['nama'] = R.choice(['', '  '])
        elif kind == 'unknown_desa':
            bogus = R.choice([code[:7] + '999', code[:4] + '99' + code[6:], '3673011001'])
            row['kode_desa'] = fmt_code(bogus, o['dotted'])
        elif kind == 'unknown_role':
            row['peran'] = R.choice(BAD_ROLES)
        elif kind == 'bad_date':
            row['tanggal_lahir'] = R.choice(BAD_DATES[o['dfmt']])
        key = dict(kode_desa=code, roster_nik=row['nik'], true_nik=p.nik, role=role, roster_name=row['nama'], register_name='',
                   name_tags='|'.join(tags), true_dob=p.dob.isoformat(), mistake=reason, typo_pos='', notes='',
                   should_quarantine=1, quarantine_reason=reason)
        out_rows[o['name']].append((row, key))
        n_bad += 1

# ---------------------------------------------------------------- expected status per SPEC 3.3 cascade (my own simulation)
by_name_dob = defaultdict(set)
for n, p in register.items():
    by_name_dob[(norm_key(p.tokens), p.dob)].add(n)

def neighbours(n):
    for i in range(16):
        for c in '0123456789':
            if c != n[i]:
                yield n[:i] + c + n[i + 1:]
    for i in range(15):
        if n[i] != n[i + 1]:
            yield n[:i] + n[i + 1] + n[i] + n[i + 2:]

listed_exact = {k['roster_nik'] for lst in out_rows.values() for _, k in lst if not k['should_quarantine'] and k['roster_nik'] in register}

def spec_expect(roster_nik, tokens, written_dob):
    """returns (status, matched_nik, method). written_dob: the village's date or None"""
    if roster_nik in register:
        return status_of(register[roster_nik].records), roster_nik, 'NIK'
    nik_dob, _ = nik_dob_sex(roster_nik)
    key = norm_key(tokens)
    dob = written_dob or nik_dob
    c2 = [m for m in set(neighbours(roster_nik)) if m in register and m not in listed_exact
          and register[m].dob == dob and norm_key(register[m].tokens) == key]
    if len(c2) == 1:
        return status_of(register[c2[0]].records), c2[0], 'NIK_KOREKSI'
    if len(c2) > 1:
        return 'NEEDS_REVIEW', '', 'ambiguous'
    c3 = by_name_dob.get((key, dob), set()) - listed_exact
    if c3:
        return 'NEEDS_REVIEW', sorted(c3)[0], 'NAMA_TGL_LAHIR'
    return 'NOT_REGISTERED', '', ''

# ---------------------------------------------------------------- write everything
if os.path.exists(args.out):
    shutil.rmtree(args.out)
os.makedirs(os.path.join(args.out, 'roster'))
key_rows = []
for o in files:
    lst = out_rows[o['name']]
    R.shuffle(lst)
    cols = ['kode_desa', 'nik', 'nama'] + (['tanggal_lahir'] if o['dob'] else []) + (['jenis_kelamin'] if o['sex'] else []) \
        + ['peran'] + (['no_hp'] if o['hp'] else [])
    idx = {c: i for i, c in enumerate(HDR['id'])}
    hdr = [HDR[o['hdr']][idx[c]] for c in cols]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=o['delim'], lineterminator='\r\n' if o['crlf'] else '\n')
    w.writerow(hdr)
    for rowno, (row, key) in enumerate(lst, start=1):
        w.writerow([row[c] for c in cols])
        p = people[key['true_nik']]
        written = p.dob if o['dob'] and key['mistake'] != 'warn_dob_contradicts' else None
        if key['should_quarantine']:
            st_s = st_l = ''; mn = mm = ''
        else:
            st_s, mn, mm = spec_expect(key['roster_nik'], p.tokens, None)          # strict: NIK-derived date only
            st_l, mn_l, mm_l = spec_expect(key['roster_nik'], p.tokens, written)  # lenient: village's date if written
        tw = twins.get(p.nik)
        key_rows.append(dict(file=o['name'], row=rowno, line=rowno + 1, **key,
                             delim=o['delim'], enc=o['enc'], has_dob=int(o['dob']),
                             in_register=int(bool(p.records)), true_kpjs='|'.join(r['kpj'] for r in p.records),
                             true_status=status_of(p.records) if not key['should_quarantine'] else '',
                             spec_status=st_s, spec_status_lenient=st_l, spec_match_nik=mn, spec_method=mm,
                             twin=tw[0] if tw else '', twin_nik=tw[1].nik if tw else '',
                             twin_status=status_of(tw[1].records) if tw else ''))
    data = buf.getvalue()
    with open(os.path.join(args.out, 'roster', o['name']), 'wb') as f:
        f.write(data.encode(o['enc'], errors='replace'))

with open(os.path.join(args.out, 'bpjs_membership.csv'), 'w', newline='', encoding='utf-8') as f:
    cols = ['nik', 'kpj', 'nama', 'tanggal_lahir', 'segmen', 'program', 'status', 'iuran_sampai']
    w = csv.DictWriter(f, cols)
    w.writeheader()
    recs = [r for p in register.values() for r in p.records]
    R.shuffle(recs)
    w.writerows(recs)

with open(os.path.join(args.out, 'answer_key.csv'), 'w', newline='', encoding='utf-8') as f:
    w = csv.DictWriter(f, list(key_rows[0]))
    w.writeheader(); w.writerows(key_rows)

with open(os.path.join(args.out, 'files.csv'), 'w', newline='', encoding='utf-8') as f:
    w = csv.DictWriter(f, ['name', 'desa', 'delim', 'enc', 'dotted', 'dob', 'dfmt', 'sex', 'hp', 'hdr', 'crlf'])
    w.writeheader()
    for o in files:
        w.writerow({k: ('|'.join(o[k]) if k == 'desa' else o[k]) for k in w.fieldnames})

print(f'seed {args.seed}: {len(files)} roster files, {len(key_rows)} roster rows ({n_bad} bad), '
      f'{sum(len(p.records) for p in register.values())} membership records for {len(register)} people')
