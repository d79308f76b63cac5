package document

// The registers of outgoing documents (发文字号): 昆政发〔2026〕7号 for the
// government, 昆政办发〔2026〕7号 for the office, each counted per year
// without gaps.
const (
	GovernmentRegister Register = "昆政发"
	OfficeRegister     Register = "昆政办发"
)

// Register returns the register the issuer's documents are numbered in.
func (i Issuer) Register() Register {
	if i == Office {
		return OfficeRegister
	}
	return GovernmentRegister
}
