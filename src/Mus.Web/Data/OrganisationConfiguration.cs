using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mus.Web.Data;

internal sealed class OrgUnitConfiguration : IEntityTypeConfiguration<OrgUnit>
{
    public void Configure(EntityTypeBuilder<OrgUnit> unit)
    {
        unit.Property(u => u.Code).HasMaxLength(OrgUnit.CodeMaxLength);
        unit.Property(u => u.Name).HasMaxLength(OrgUnit.NameMaxLength);
        unit.HasIndex(u => u.Code).IsUnique();
        unit.HasOne(u => u.Parent).WithMany(u => u.Children).HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class JobGroupConfiguration : IEntityTypeConfiguration<JobGroup>
{
    public void Configure(EntityTypeBuilder<JobGroup> group)
    {
        group.Property(g => g.Name).HasMaxLength(JobGroup.NameMaxLength);
        group.Ignore(g => g.Competences);
        group.Property(g => g.Standard).HasDefaultValue("[]");
        group.HasIndex(g => g.Name).IsUnique();
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> person)
    {
        person.Property(p => p.EmployeeNumber).HasMaxLength(Person.EmployeeNumberMaxLength);
        person.Property(p => p.Name).HasMaxLength(Person.NameMaxLength);
        person.Property(p => p.Email).HasMaxLength(Person.EmailMaxLength);
        person.Property(p => p.JobTitle).HasMaxLength(Person.JobTitleMaxLength);
        person.Property(p => p.Language).HasMaxLength(5).HasDefaultValue(Person.DanishLanguage);
        person.Property(p => p.CalendarFeedHash).HasMaxLength(64);
        person.HasIndex(p => p.CalendarFeedHash).IsUnique();
        person.HasIndex(p => p.EmployeeNumber).IsUnique();
        person.Property(p => p.ExternalId).HasMaxLength(Person.ExternalIdMaxLength);
        person.HasIndex(p => p.ExternalId).IsUnique();
        person.Property(p => p.DirectoryUserName).HasMaxLength(Person.EmailMaxLength);
        person.Property(p => p.DirectoryUserNameSpelling).HasMaxLength(Person.EmailMaxLength);
        person.Property(p => p.GivenName).HasMaxLength(Person.NameMaxLength);
        person.Property(p => p.FamilyName).HasMaxLength(Person.NameMaxLength);
        person.HasIndex(p => p.DirectoryUserName).IsUnique();
        person.HasIndex(p => p.Email).IsUnique();
        person.HasIndex(p => p.LeaderId);
        // Lists of people and their conversations are sorted by name and paged (HR's round page: 25,000 rows
        // sorted per request without it, ~30 ms on PostgreSQL; with it the database reads the first 50 in order).
        person.HasIndex(p => new { p.Name, p.Id });
        person.HasOne(p => p.Leader).WithMany().HasForeignKey(p => p.LeaderId).OnDelete(DeleteBehavior.Restrict);
        person.HasOne(p => p.OrgUnit).WithMany().HasForeignKey(p => p.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
        person.HasOne(p => p.JobGroup).WithMany().HasForeignKey(p => p.JobGroupId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> user)
    {
        user.HasOne(u => u.Person).WithMany().HasForeignKey(u => u.PersonId).OnDelete(DeleteBehavior.Restrict);
        user.HasIndex(u => u.PersonId).IsUnique();
    }
}
