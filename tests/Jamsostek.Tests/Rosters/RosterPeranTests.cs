using Jamsostek.Rosters;

namespace Jamsostek.Tests.Rosters;

public sealed class RosterPeranTests
{
    [Theory]
    [InlineData("BPD", "BPD")]
    [InlineData("Ketua RT", "KETUA_RT")]
    [InlineData("ketua_rw", "KETUA_RW")]
    [InlineData("kader posyandu", "KADER_POSYANDU")]
    [InlineData("Kader-Posyandu", "KADER_POSYANDU")]
    [InlineData("Pendamping PKH", "PENDAMPING_PKH")]
    [InlineData("Perangkat Desa", "PERANGKAT_DESA")]
    [InlineData("Kepala Desa", "PERANGKAT_DESA")]
    [InlineData("Petani/Pekebun", "PETANI")]
    [InlineData("Nelayan/Perikanan", "NELAYAN")]
    [InlineData("Farmer", "PETANI")]
    [InlineData("Lain-lain", "LAINNYA")]
    [InlineData("  lainnya ", "LAINNYA")]
    [InlineData("Ketua RT 03", "KETUA_RT")]
    [InlineData("RW 002", "KETUA_RW")]
    [InlineData("Ketua BPD", "BPD")]
    [InlineData("Wakil Ketua BPD", "BPD")]
    [InlineData("Kaur Keuangan", "PERANGKAT_DESA")]
    [InlineData("Kasi Pemerintahan", "PERANGKAT_DESA")]
    [InlineData("Kadus II", "PERANGKAT_DESA")]
    [InlineData("Kaur", "PERANGKAT_DESA")]
    [InlineData("Kepala Dusun 3", "PERANGKAT_DESA")]
    [InlineData("Staf Desa", "PERANGKAT_DESA")]
    [InlineData("Ketua R.T.", "KETUA_RT")]
    [InlineData("Ketua R.W. 02", "KETUA_RW")]
    [InlineData("Ketua RT.05", "KETUA_RT")]
    [InlineData("Anggota B.P.D.", "BPD")]
    [InlineData("Pendamping P.K.H", "PENDAMPING_PKH")]
    [InlineData("Pendamping Sosial PKH", "PENDAMPING_PKH")]
    [InlineData("Kader Posyandu Mawar", "KADER_POSYANDU")]
    [InlineData("KADER POSYANDU MELATI 3", "KADER_POSYANDU")]
    [InlineData("Kadus.II", "PERANGKAT_DESA")]
    [InlineData("Ketua RT 001/RW 002", "KETUA_RT")]
    [InlineData("Ketua RW 05 Kp. Sukamaju", "KETUA_RW")]
    [InlineData("Pendamping PKH Kec. Kramatwatu", "PENDAMPING_PKH")]
    [InlineData("Petani Penggarap", "PETANI")]
    [InlineData("Nelayan Tradisional", "NELAYAN")]
    [InlineData("Operator Desa", "PERANGKAT_DESA")]
    [InlineData("Kader Kesehatan", "KADER_POSYANDU")]
    public void Labels_villages_write_map_to_the_roles_of_the_list(string label, string peran) =>
        Assert.Equal(peran, RosterPeran.Map(label));

    [Theory]
    [InlineData("Dukun Beranak")]
    [InlineData("Guru")]
    [InlineData("-")]
    [InlineData("17")]
    [InlineData("Kader PKK")]
    [InlineData("Kasir Toko")]
    [InlineData("Ketua RT RW")]
    [InlineData("Petani Nelayan")]
    [InlineData("Kader KB")]
    public void A_label_that_is_none_of_the_roles_maps_to_nothing(string label) =>
        Assert.Null(RosterPeran.Map(label));
}
