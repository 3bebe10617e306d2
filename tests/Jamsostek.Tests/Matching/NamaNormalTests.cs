using Jamsostek.Matching;

namespace Jamsostek.Tests.Matching;

/// <summary>
/// The one name normaliser (SPEC 3.3), stored by the roster and membership importers: each variant comes out as the same
/// name, and different names stay different. The cases are those the SQL function of migrations 0251/0252 passed.
/// </summary>
public sealed class NamaNormalTests
{
    [Theory]
    // Case, spacing, punctuation.
    [InlineData("  siti   aminah ", "SITI AMINAH")]
    [InlineData("Ma'ruf Amin", "MARUF AMIN")]
    [InlineData("Ma`ruf Amin", "MARUF AMIN")]
    [InlineData("Ma\u2019ruf Amin", "MARUF AMIN")]
    [InlineData("Ma\u2018ruf Ma\u00B4ruf", "MARUF MARUF")]
    [InlineData("Abdul-Rahman", "ABDULRAHMAN")]
    [InlineData("DRS.H.AHMAD FAUZI", "AHMAD FAUZI")]
    [InlineData("Ahmad_Fauzi/Rahman (Ujang)", "AHMAD FAUZI RAHMAN UJANG")]
    [InlineData("Ahmad\tFauzi\r\nRahman", "AHMAD FAUZI RAHMAN")]
    [InlineData("Ahmad 2 Fauzi3", "AHMAD FAUZI")]
    [InlineData("Dédé Suryadi", "DÉDÉ SURYADI")]
    [InlineData("Fıtrı Yılmaz", "FITRI YILMAZ")]
    // Degrees follow a comma: everything after the first comma goes.
    [InlineData("Budi Santoso, S.Pd., M.Si.", "BUDI SANTOSO")]
    [InlineData("Budi, Santoso", "BUDI")]
    [InlineData(", Budi", "")]
    // Titles and honorifics in front.
    [InlineData("H. Ahmad Fauzi", "AHMAD FAUZI")]
    [InlineData("Hj. Siti Aminah", "SITI AMINAH")]
    [InlineData("Drs. H. Ahmad Fauzi", "AHMAD FAUZI")]
    [InlineData("Ir. Budi Santoso", "BUDI SANTOSO")]
    [InlineData("Bapak Sutisna", "SUTISNA")]
    [InlineData("Ibu Aminah", "AMINAH")]
    [InlineData("KH. Hasan Basri", "HASAN BASRI")]
    [InlineData("Prof. Dr. Ir. Hasan", "HASAN")]
    [InlineData("Almarhumah Ny. Aminah", "AMINAH")]
    [InlineData("Ustadz Hasan Basri", "HASAN BASRI")]
    [InlineData("Hadji Soeparman", "SUPARMAN")]
    [InlineData("Hadjah Siti Aminah", "SITI AMINAH")]
    [InlineData("Nj. Soekarti", "SUKARTI")]
    [InlineData("Njonja Soekarti", "SUKARTI")]
    // K.H. as villages write it: two words once the dots are gone; with dental and veterinary doctors, and Kyai.
    [InlineData("K.H. Hasan Basri", "HASAN BASRI")]
    [InlineData("K. H. Hasan Basri", "HASAN BASRI")]
    [InlineData("Drs. K.H. Hasan", "HASAN")]
    [InlineData("drg. Siti Aminah", "SITI AMINAH")]
    [InlineData("Drh. Budi Santoso", "BUDI SANTOSO")]
    [InlineData("Kyai Hasan Basri", "HASAN BASRI")]
    // Alm. after the name: the person has died.
    [InlineData("Ahmad Fauzi alm.", "AHMAD FAUZI")]
    [InlineData("Ahmad Fauzi (Alm)", "AHMAD FAUZI")]
    [InlineData("Hj. Aminah (almh.)", "AMINAH")]
    [InlineData("Ahmad Fauzi S.Pd. (alm)", "AHMAD FAUZI")]
    // Degrees after the name, as one word or two.
    [InlineData("Ahmad Fauzi S.Ag", "AHMAD FAUZI")]
    [InlineData("Ahmad Fauzi S.Pd.", "AHMAD FAUZI")]
    [InlineData("Ahmad Fauzi SPD", "AHMAD FAUZI")]
    [InlineData("Ahmad Fauzi S.Pd M.Pd", "AHMAD FAUZI")]
    [InlineData("Ahmad Fauzi SE MM", "AHMAD FAUZI")]
    [InlineData("Aminah A.Md.Keb", "AMINAH")]
    [InlineData("Aminah Amd.Keb", "AMINAH")]
    [InlineData("Hasan Lc", "HASAN")]
    // Degrees written with dots in several parts, after the name and without a comma.
    [InlineData("Budi Santoso S.E. M.M.", "BUDI SANTOSO")]
    [InlineData("Ahmad Fauzi S.Pd.I", "AHMAD FAUZI")]
    [InlineData("Eko Prasetyo S.H.I.", "EKO PRASETYO")]
    [InlineData("Dewi S.Sos.I", "DEWI")]
    [InlineData("Rina Wati A.Md.Keb", "RINA WATI")]
    [InlineData("Rina Wati A.Md.Kep.", "RINA WATI")]
    [InlineData("Rina Wati Amd.Keb", "RINA WATI")]
    [InlineData("Eko Prasetyo S.P.", "EKO PRASETYO")]
    [InlineData("Siti Aminah S.Kom. M.Si.", "SITI AMINAH")]
    [InlineData("Siti Aminah S.T. M.Pd.", "SITI AMINAH")]
    [InlineData("M. Yusuf S.Pd.I", "MUHAMMAD YUSUF")]
    [InlineData("Siti Aminah, S.Pd.", "SITI AMINAH")]
    [InlineData("Ahmad Fauzi S.Kom.I", "AHMAD FAUZI")]
    [InlineData("Ahmad Fauzi S.Kep. Ns.", "AHMAD FAUZI")]
    [InlineData("Siti Aminah S.Si.T", "SITI AMINAH")]
    [InlineData("Siti Aminah S.Tr.Kep", "SITI AMINAH")]
    // Muhammad and its abbreviations.
    [InlineData("Muhamad Rizki", "MUHAMMAD RIZKI")]
    [InlineData("Mohammad Rizki", "MUHAMMAD RIZKI")]
    [InlineData("Moh. Rizki", "MUHAMMAD RIZKI")]
    [InlineData("M. Rizki", "MUHAMMAD RIZKI")]
    [InlineData("Muh. Rizki", "MUHAMMAD RIZKI")]
    [InlineData("Mhd Rizki", "MUHAMMAD RIZKI")]
    [InlineData("Moehammad Rizki", "MUHAMMAD RIZKI")]
    [InlineData("Mukhammad Rizki", "MUHAMMAD RIZKI")]
    [InlineData("Mokhamad Rizki", "MUHAMMAD RIZKI")]
    [InlineData("Much. Rizki", "MUHAMMAD RIZKI")]
    [InlineData("Moch. Rizki", "MUHAMMAD RIZKI")]
    [InlineData("Achmad Fauzi", "AHMAD FAUZI")]
    [InlineData("Akhmad Fauzi", "AHMAD FAUZI")]
    // Banten nobility: the title is part of the name, its abbreviation the same word.
    [InlineData("Tb. Ahmad Fauzi", "TUBAGUS AHMAD FAUZI")]
    [InlineData("TB AHMAD FAUZI", "TUBAGUS AHMAD FAUZI")]
    [InlineData("Rd. Ahmad", "RADEN AHMAD")]
    [InlineData("Rizki M", "RIZKI MUHAMMAD")]
    [InlineData("M M M", "MUHAMMAD MUHAMMAD MUHAMMAD")]
    [InlineData("M. M. Yusuf", "MUHAMMAD MUHAMMAD YUSUF")]
    // Siti, Abdul.
    [InlineData("St. Aminah", "SITI AMINAH")]
    [InlineData("Sitti Aminah", "SITI AMINAH")]
    [InlineData("Abd. Rahman", "ABDULRAHMAN")]
    [InlineData("Abdl Rahman", "ABDULRAHMAN")]
    // Spellings from before 1972, one after the other.
    [InlineData("Soekarno", "SUKARNO")]
    [InlineData("Djoko Widodo", "JOKO WIDODO")]
    [InlineData("Tjahjo Koemolo", "CAHJO KUMOLO")]
    [InlineData("Soenjoto", "SUNYOTO")]
    [InlineData("Sjamsul Bahri", "SYAMSUL BAHRI")]
    [InlineData("Sdjono", "SYONO")]
    [InlineData("Oee", "UE")]
    // CH, which EYD writes KH, and KH are H: the same Arabic name written three ways.
    [InlineData("Rachmat Hidayat", "RAHMAT HIDAYAT")]
    [InlineData("Rakhmat Hidayat", "RAHMAT HIDAYAT")]
    [InlineData("Cholid", "HOLID")]
    [InlineData("Kholid", "HOLID")]
    [InlineData("Fachri Machmud", "FAHRI MAHMUD")]
    [InlineData("Fakhri Mahmud", "FAHRI MAHMUD")]
    [InlineData("Sjachrir", "SYAHRIR")]
    [InlineData("Choirul Anam", "HOIRUL ANAM")]
    // The father's name after bin/binti.
    [InlineData("Ahmad bin Salim", "AHMAD")]
    [InlineData("Aminah Binti Sulaiman", "AMINAH")]
    [InlineData("Ahmad Fauzi bin", "AHMAD FAUZI")]
    [InlineData("Bin Salim", "BIN SALIM")]
    [InlineData("Aminah bt. Sulaiman", "AMINAH")]
    [InlineData("AMINAH BT SULAIMAN", "AMINAH")]
    // Nur, Nurul and Abdul written apart or joined to the next word; Abdul's Arabic assimilation (Abdur-Rahman, Abdus-Salam).
    [InlineData("Nur Aini", "NURAINI")]
    [InlineData("Nuraini", "NURAINI")]
    [InlineData("Nur Hidayat", "NURHIDAYAT")]
    [InlineData("Noer Hidayat", "NURHIDAYAT")]
    [InlineData("Siti Nur Haliza", "SITI NURHALIZA")]
    [InlineData("St. Nurhaliza", "SITI NURHALIZA")]
    [InlineData("Nurul Huda", "NURULHUDA")]
    [InlineData("Nurulhuda", "NURULHUDA")]
    [InlineData("Muhammad Nur", "MUHAMMAD NUR")]
    [InlineData("Abdul Rahman", "ABDULRAHMAN")]
    [InlineData("Abdulrahman", "ABDULRAHMAN")]
    [InlineData("Abdur Rahman", "ABDULRAHMAN")]
    [InlineData("Abdurrahman", "ABDULRAHMAN")]
    [InlineData("Abdurahman", "ABDULRAHMAN")]
    [InlineData("Abdoerrachman Wahid", "ABDULRAHMAN WAHID")]
    [InlineData("Abdus Salam", "ABDULSALAM")]
    [InlineData("Abdussalam", "ABDULSALAM")]
    [InlineData("Abdusalam", "ABDULSALAM")]
    [InlineData("Abdus Syakur", "ABDULSYAKUR")]
    [InlineData("Abdussyakur", "ABDULSYAKUR")]
    [InlineData("Abdul Latif", "ABDULLATIF")]
    [InlineData("Abdullatif", "ABDULLATIF")]
    [InlineData("Abdullah", "ABDULLAH")]
    [InlineData("Abdul", "ABDUL")]
    [InlineData("Nur", "NUR")]
    public void Each_variant_normalises_to_the_plain_name(string nama, string expected)
    {
        Assert.Equal(expected, NamaNormal.Of(nama));
    }

    [Theory]
    [InlineData("Siti Aminah", "Siti Aminah Sari")]
    [InlineData("Ahmad", "Ahmad Fauzi")]
    [InlineData("Ahmad Fauzi", "Ahmad Fauzan")]
    [InlineData("Hasan", "Husin")]
    // An initial is not a title, nor bin: R. and B. may be Rahmat and Budi.
    [InlineData("R. Ahmad", "Ahmad")]
    [InlineData("Ahmad B. Santoso", "Ahmad")]
    [InlineData("Tubagus Ahmad", "Ahmad")]
    [InlineData("K. Hasan", "Hasan")]
    // Joined only with a whole word: an initial after Nur or Abdul may stand for any name, and an Abdu- word only folds
    // where Arabic assimilates (Abdur before R, Abdus before S).
    [InlineData("Nur A.", "Nura")]
    [InlineData("Abdul H.", "Abduh")]
    [InlineData("Abdul R.", "Abdurrahman")]
    [InlineData("Abdur Aziz", "Abdul Aziz")]
    [InlineData("Nur Aini", "Aini")]
    [InlineData("Nur Aini", "Nur Aini Sari")]
    [InlineData("Nurul Huda", "Nur Huda")]
    [InlineData("Abdul Rahman", "Abdul Rahim")]
    [InlineData("Abdul Rahman", "Rahman")]
    [InlineData("Siti Nur", "Siti Nuraini")]
    [InlineData("Nur Rohmah", "Nurohmah")]
    public void Different_names_stay_different(string one, string other)
    {
        Assert.NotEqual(NamaNormal.Of(one), NamaNormal.Of(other));
    }

    [Theory]
    [InlineData("Ibu", "IBU")]
    [InlineData("H.", "H")]
    [InlineData("Haji Hajah", "HAJAH")]
    [InlineData("SPD", "SPD")]
    [InlineData("S.Pd", "S PD")]
    [InlineData("Ahmad S.Pd", "AHMAD")]
    [InlineData("Ahmad SE", "AHMAD")]
    [InlineData("SPDI", "SPDI")]
    [InlineData("S.Sos.I", "S SOS I")]
    [InlineData("A.Md.Keb", "A MD KEB")]
    [InlineData("Dewi A.Md.Keb", "DEWI")]
    public void One_word_always_stays_and_a_degree_needs_a_name_before_it(string nama, string expected)
    {
        Assert.Equal(expected, NamaNormal.Of(nama));
    }

    [Theory]
    // An initial inside or at the end of the name is the person's own; so are initials that spell a degree (M M) after
    // nothing but initials.
    [InlineData("Budi S. Santoso", "BUDI S SANTOSO")]
    [InlineData("Budi S. M. Santoso", "BUDI S MUHAMMAD SANTOSO")]
    [InlineData("Santoso Budi S.", "SANTOSO BUDI S")]
    [InlineData("A. B. S.E.", "A B S E")]
    [InlineData("S. E. Santoso", "S E SANTOSO")]
    public void Initials_are_not_degrees(string nama, string expected)
    {
        Assert.Equal(expected, NamaNormal.Of(nama));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("... 123 --")]
    public void A_name_without_a_word_is_empty(string nama)
    {
        Assert.Equal("", NamaNormal.Of(nama));
    }

    [Fact]
    public void A_long_name_is_normalised_like_a_short_one()
    {
        var words = string.Join(' ', Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? "m." : "Soekarno"));
        var expected = string.Join(' ', Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? "MUHAMMAD" : "SUKARNO"));

        Assert.Equal(expected, NamaNormal.Of(words));
    }
}
